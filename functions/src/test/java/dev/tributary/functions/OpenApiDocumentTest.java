package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document generated from the controllers is served at {@code /openapi.yml},
 * documents every route, and every example request in it is accepted by the running
 * service (sent in dependency order: the topic first, then what uses it).
 */
class OpenApiDocumentTest {
    private static final List<String> ORDER = List.of("POST /v1/topics", "PATCH /v1/topics/{topic}",
            "POST /v1/topics/{topic}/partitions", "POST /v1/topics/{topic}/records",
            "POST /v1/groups/{group}/offsets", "POST /v1/groups/{group}/heartbeat");

    private final TestServer server = TestServer.shared();

    private HttpResponse<String> getText(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> document() throws Exception {
        HttpResponse<String> r = getText("/openapi.yml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        return new Yaml().load(r.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void document_isServed_andDocumentsEveryRoute() throws Exception {
        Map<String, Object> doc = document();
        assertThat((String) doc.get("openapi")).startsWith("3.");
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        assertThat(paths).containsKeys("/v1/topics", "/v1/topics/{topic}", "/v1/topics/{topic}/partitions",
                "/v1/topics/{topic}/records", "/v1/topics/{topic}/partitions/{partition}/records",
                "/v1/topics/{topic}/partitions/{partition}/offsets", "/v1/topics/{topic}/partitions/{partition}/segments",
                "/v1/producers", "/v1/groups", "/v1/groups/{group}", "/v1/groups/{group}/heartbeat",
                "/v1/groups/{group}/offsets", "/v1/acls");
        // /health, /health/liveness, /health/readiness and /prometheus are micronaut-management
        // endpoints, documented in docs/operations.md rather than in the API document.
        assertThat(paths).doesNotContainKey("/openapi.yml");
        HttpResponse<String> ui = getText("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDocumentedExampleRequest_isAcceptedByTheService() throws Exception {
        Map<String, Object> paths = (Map<String, Object>) document().get("paths");
        List<String> sent = new ArrayList<>();
        server.delete("/v1/topics/orders-example");
        for (String operation : ORDER) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(method.length() + 1);
            Map<String, Object> op = (Map<String, Object>) ((Map<String, Object>) paths.get(path))
                    .get(method.toLowerCase());
            Map<String, Object> json = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    op.get("requestBody")).get("content")).get("application/json");
            Map<String, Object> examples = (Map<String, Object>) json.get("examples");
            assertThat(examples).as(operation).isNotEmpty();
            for (Map.Entry<String, Object> e : examples.entrySet()) {
                Object value = ((Map<String, Object>) e.getValue()).get("value");
                String url = path.replace("{topic}", "orders-example").replace("{group}", "billing-example");
                Response r = server.send(url, method, "application/json",
                        TestServer.JSON.valueToTree(value).toString().getBytes(StandardCharsets.UTF_8));
                assertThat(r.status()).as(operation + " example " + e.getKey() + ": " + r.raw().body()).isBetween(200, 299);
                sent.add(operation);
            }
        }
        assertThat(sent).containsAll(ORDER);
        List<String> documented = new ArrayList<>();
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
            Object body = ((Map<String, Object>) op).get("requestBody");
            if (body != null && ((Map<String, Object>) ((Map<String, Object>) body).get("content"))
                    .get("application/json") instanceof Map<?, ?> m && m.containsKey("examples")) {
                documented.add(method.toUpperCase() + " " + path);
            }
        }));
        assertThat(ORDER).containsAll(documented);
    }
}
