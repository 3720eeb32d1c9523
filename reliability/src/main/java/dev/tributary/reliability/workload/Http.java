package dev.tributary.reliability.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small JSON-over-HTTP client for the workloads that drive the API without the SDK.
 * Thread-safe. Transport failures come back as status 0 (the outcome is unknown).
 */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration timeout;

    public Http(Duration timeout) {
        this.timeout = timeout;
    }

    /** An answer; {@code status} 0 when the request failed in transport, with {@code error} saying how. */
    public record Response(int status, JsonNode body, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /**
         * A non-retriable 4xx: the service refused and stored nothing. A retriable answer (429
         * throttled, 408, any 5xx) may follow storage work that was applied, so it is no proof
         * that nothing was stored.
         */
        public boolean definiteFailure() {
            return status >= 400 && status < 500 && status != 429 && status != 408;
        }

        public String errorCode() {
            return body == null ? null : body.path("errorCode").asText(null);
        }

        public String describe() {
            return status == 0 ? error : status + " " + (errorCode() == null ? "" : errorCode());
        }
    }

    public Response get(URI endpoint, String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
    }

    public Response post(URI endpoint, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(endpoint.resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialisable: " + body, e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = r.body() == null || r.body().isBlank() ? null : parse(r.body());
            return new Response(r.statusCode(), body, null);
        } catch (IOException e) {
            return new Response(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, null, "interrupted");
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }
}
