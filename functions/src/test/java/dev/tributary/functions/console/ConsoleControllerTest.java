package dev.tributary.functions.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The console's page and assets are served by the service itself, with nothing from elsewhere. */
class ConsoleControllerTest {
    private final TestServer server = TestServer.shared();

    @Test
    void page_andAssets_areServed_withoutExternalReferences() {
        HttpResponse<String> page = server.getText("/console");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("/console/console.js").contains("/console/console.css").doesNotContain("http");

        HttpResponse<String> script = server.getText("/console/console.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("/v1/topics").doesNotContain("http://").doesNotContain("https://");
        assertThat(server.getText("/console/console.css").statusCode()).isEqualTo(200);
    }

    @Test
    void missingAsset_isANotFoundProblem() {
        var r = server.get("/console/nope.js");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("NOT_FOUND");
    }
}
