package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Every response carries a request id; problems carry it in the body too. */
class RequestIdTest {
    private final TestServer server = TestServer.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenId_isEchoed_inTheHeaderAndTheProblem() throws Exception {
        HttpResponse<String> r = get("/v1/topics/" + TestServer.uniqueTopic(), "client-42.a");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue("client-42.a");
        assertThat(TestServer.JSON.readTree(r.body()).get("requestId").asText()).isEqualTo("client-42.a");
    }

    @Test
    void missingOrUnsafeId_isReplacedByAFreshOne() throws Exception {
        HttpResponse<String> none = get("/v1/topics", null);
        assertThat(none.statusCode()).isEqualTo(200);
        String generated = none.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(get("/v1/topics", null).headers().firstValue("X-Request-Id")).isNotEqualTo(generated);

        HttpResponse<String> unsafe = get("/v1/nope", "bad id\twith spaces");
        assertThat(unsafe.statusCode()).isEqualTo(404);
        String replaced = unsafe.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(replaced).matches("[0-9a-f-]{36}");
        assertThat(TestServer.JSON.readTree(unsafe.body()).get("requestId").asText()).isEqualTo(replaced);
    }

    @Test
    void frameworkProblems_carryTheIdToo() {
        Response r = server.send("/v1/topics", "PUT", "application/json", "{}".getBytes());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.body().get("requestId").asText()).isEqualTo(r.raw().headers().firstValue("X-Request-Id").orElseThrow());
    }

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path)).GET();
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
