package dev.tributary.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.localstack.EmbeddedStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP API on a real Netty server over the shared embedded stack (DynamoDB Local +
 * s3proxy), started once per test JVM; plus a small JSON HTTP client for tests.
 */
public final class TestServer implements AutoCloseable {
    private static TestServer shared;
    public static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(Map<String, Object> extraProperties) {
        Map<String, Object> props = new HashMap<>(properties(EmbeddedStack.shared()));
        props.putAll(extraProperties);
        this.context = ApplicationContext.run(props);
        this.server = context.getBean(EmbeddedServer.class).start();
    }

    public static synchronized TestServer shared() {
        if (shared == null) {
            shared = new TestServer(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A separate server instance over the same stack, with extra settings (e.g. fault injection). */
    public static TestServer start(Map<String, Object> extraProperties) {
        return new TestServer(extraProperties);
    }

    /** Storage settings pointing at a running stack. */
    public static Map<String, Object> properties(EmbeddedStack stack) {
        Map<String, Object> p = new HashMap<>(EmbeddedStorage.properties(stack));
        p.put("micronaut.server.port", -1);
        p.put("tributary.security.auth", "none");
        return p;
    }

    public ApplicationContext context() {
        return context;
    }

    public URI uri() {
        return server.getURI();
    }

    public static String uniqueTopic() {
        return "test-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A response with its body parsed as JSON when there is one. */
    public record Response(int status, String contentType, JsonNode body, HttpResponse<String> raw) {
        public String errorCode() {
            return body == null || body.get("errorCode") == null ? null : body.get("errorCode").asText();
        }

        /** Asserts this is a problem+json answer with {@code status} and {@code code}. */
        public Response assertProblem(int expectedStatus, String code) {
            org.assertj.core.api.Assertions.assertThat(status).as(raw.body()).isEqualTo(expectedStatus);
            org.assertj.core.api.Assertions.assertThat(contentType).startsWith("application/problem+json");
            org.assertj.core.api.Assertions.assertThat(errorCode()).isEqualTo(code);
            return this;
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri().resolve(path)).GET());
    }

    /** A GET whose body is not JSON (e.g. the Prometheus scrape): status and text. */
    public HttpResponse<String> getText(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri().resolve(path)).DELETE());
    }

    public Response post(String path, Object json) {
        return send(path, "POST", "application/json", bytes(json));
    }

    public Response patch(String path, Object json) {
        return send(path, "PATCH", "application/json", bytes(json));
    }

    public Response send(String path, String method, String contentType, byte[] body) {
        return send(path, method, contentType, body, Map.of());
    }

    public Response send(String path, String method, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b);
    }

    /** POSTs a JSON body with extra headers. */
    public Response post(String path, Object json, Map<String, String> headers) {
        return send(path, "POST", "application/json", bytes(json), headers);
    }

    /** Creates a topic and fails the test if that does not work. */
    public String createTopic(int partitions) {
        String name = uniqueTopic();
        Response r = post("/v1/topics", Map.of("name", name, "partitions", partitions));
        if (r.status() != 201) {
            throw new AssertionError("create topic: " + r.status() + " " + r.raw().body());
        }
        return name;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode body = r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), type, body, r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object json) {
        try {
            return json instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
