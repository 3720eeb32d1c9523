package dev.tributary.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.client.TributaryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * JSON over HTTP to the Tributary functions: builds requests against the endpoint,
 * parses JSON answers and turns error responses into typed exceptions via
 * {@link Errors}. Thread-safe; one instance is shared by all threads of a client.
 *
 * <p>HTTP/1.1 is forced because the local server and AWS function URLs do not offer
 * cleartext HTTP/2 upgrades, and the upgrade attempt costs a round trip.
 */
public final class ServiceClient implements AutoCloseable {
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Unknown fields are skipped (the service may add some); absent (null) fields are not sent. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final URI endpoint;
    private final Duration requestTimeout;
    private final HttpClient http;

    public ServiceClient(URI endpoint, Duration requestTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public HttpClient http() {
        return http;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The absolute URI for a path such as {@code /v1/topics}, or a URL the server returned (maybe relative). */
    public URI resolve(String pathOrUrl) {
        URI u = URI.create(pathOrUrl);
        if (u.isAbsolute()) {
            return u;
        }
        String base = endpoint.toString();
        if (base.endsWith("/") && pathOrUrl.startsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathOrUrl);
    }

    /**
     * Sends a JSON request (body may be null) and parses the JSON answer.
     *
     * @return a future completed with the parsed body ({@code null} for an empty body),
     *         or failed with a {@link TributaryException}: typed for problem responses,
     *         retriable for timeouts and connection problems
     */
    public CompletableFuture<JsonNode> sendJsonAsync(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new TributaryException("Cannot encode request body", e));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return exchange(request.build());
    }

    /**
     * As {@link #sendJsonAsync}, with the answer read as one of the API's body types
     * ({@code dev.tributary.core.api}); an empty answer gives null.
     */
    public <T> CompletableFuture<T> sendAsync(String method, String path, Object body, Class<T> answerType) {
        return sendJsonAsync(method, path, body).thenApply(json -> {
            if (json == null || json.isNull()) {
                return null;
            }
            try {
                return MAPPER.treeToValue(json, answerType);
            } catch (IOException e) {
                throw new TributaryException("The service answered with an unexpected body for " + path + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /** Blocking form of {@link #sendAsync}. */
    public <T> T send(String method, String path, Object body, Class<T> answerType) {
        return await(sendAsync(method, path, body, answerType));
    }

    /** Posts raw bytes with a content type; answers and failures as {@link #sendJsonAsync}. */
    public CompletableFuture<JsonNode> postBytesAsync(String path, String contentType, byte[] body) {
        return postBytesAsync(path, contentType, body, java.util.Map.of());
    }

    /** Posts raw bytes with a content type and extra headers; answers and failures as {@link #sendJsonAsync}. */
    public CompletableFuture<JsonNode> postBytesAsync(String path, String contentType, byte[] body,
                                                      java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return exchange(request.build());
    }

    /**
     * Blocking form of {@link #sendJsonAsync}.
     *
     * @throws TributaryException as the future would fail
     */
    public JsonNode sendJson(String method, String path, Object body) {
        return await(sendJsonAsync(method, path, body));
    }

    /** Waits for a future from this class and rethrows its failure as the SDK exception. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new TributaryException("Interrupted while waiting for the service", e);
        } catch (Exception e) {
            throw Errors.withCallerFrames(Errors.wrap(e));
        }
    }

    private CompletableFuture<JsonNode> exchange(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        throw Errors.wrap(error);
                    }
                    return parse(response);
                });
    }

    static JsonNode parse(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        byte[] bytes = response.body();
        JsonNode json = null;
        if (bytes != null && bytes.length > 0) {
            try {
                json = MAPPER.readTree(bytes);
            } catch (IOException e) {
                if (status < 300) {
                    throw new TributaryException("The service answered with invalid JSON: " + e.getMessage(), e);
                }
            }
        }
        if (status >= 200 && status < 300) {
            return json;
        }
        throw Errors.fromProblem(status, json,
                Errors.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null)));
    }

    @Override
    public void close() {
        // java.net.http.HttpClient only gained close() in Java 21; its threads are daemons.
    }
}
