package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.client.TributaryException;
import dev.tributary.core.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few service calls the SDK's admin client does not offer (committing a group's offsets
 * without membership, deleting a group), made directly over HTTP. A problem+json answer
 * becomes a {@link TributaryException} carrying the service's error code and detail.
 */
final class ServiceHttp {
    /** Absent (null) fields of the typed bodies are not sent. */
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServiceHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new TributaryException("Connection problem: " + e.getMessage(), e);
        }
    }

    /** Sends a DELETE and reads its answer as the given API record. */
    <T> T delete(String path, Class<T> answerType) {
        JsonNode answer = send(HttpRequest.newBuilder(resolve(path)).DELETE());
        try {
            return JSON.treeToValue(answer, answerType);
        } catch (IOException e) {
            throw new TributaryException("The service answered with an unexpected " + answerType.getSimpleName()
                    + " body: " + e.getMessage(), e);
        }
    }

    private URI resolve(String path) {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TributaryException("Connection problem: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryException("Interrupted", e);
        }
        JsonNode body;
        try {
            body = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new TributaryException("The service answered HTTP " + r.statusCode() + " with a body that is not JSON");
        }
        if (r.statusCode() >= 400) {
            ErrorCode code = null;
            try {
                code = ErrorCode.valueOf(body.path("errorCode").asText());
            } catch (IllegalArgumentException unknown) {
                // a code this client does not know yet: keep the detail only
            }
            throw new TributaryException(code, body.path("detail").asText("HTTP " + r.statusCode()), null);
        }
        return body;
    }
}
