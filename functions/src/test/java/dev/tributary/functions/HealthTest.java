package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import dev.tributary.localstack.EmbeddedStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Liveness and readiness through the management endpoints. */
class HealthTest {

    @Test
    void liveness_andReadiness_areUp_whenStorageAnswers() {
        TestServer server = TestServer.shared();
        for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
            Response r = server.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.body().get("status").asText()).as(path).isEqualTo("UP");
        }
        assertThat(server.get("/health/readiness").body().at("/details/storage/status").asText()).isEqualTo("UP");
    }

    @Test
    void readiness_goesDown_whenS3Stops_whileLivenessStaysUp() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.builder().start();
             ApplicationContext context = ApplicationContext.run(TestServer.properties(stack))) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(status(http, server.getURI(), "/health/readiness")).isEqualTo(200);

            stack.stopS3();

            HttpResponse<String> readiness = get(http, server.getURI(), "/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"DOWN\"").contains("S3");
            assertThat(status(http, server.getURI(), "/health")).isEqualTo(503);
            assertThat(status(http, server.getURI(), "/health/liveness")).isEqualTo(200);
        }
    }

    private static int status(HttpClient http, URI base, String path) throws Exception {
        return get(http, base, path).statusCode();
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
