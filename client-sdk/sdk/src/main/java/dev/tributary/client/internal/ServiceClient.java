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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * JSON over HTTP to the Tributary functions: builds requests against the endpoint,
 * parses JSON answers and turns error responses into typed exceptions via
 * {@link Errors}. Thread-safe; one instance is shared by all threads of a client.
 *
 * <p>Credentials go on every request to the service (never on presigned storage URLs):
 * an API key as {@code X-Api-Key}, a bearer token as {@code Authorization: Bearer}, or a
 * SigV4 signature (AWS default credentials chain), taken from {@link Credentials} or, by
 * default, from the environment ({@link Credentials#fromEnvironment()}). This is the one
 * place the SDK and the CLI authenticate.
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
    private final Credentials credentials;
    private final SigV4Signer signer;

    /**
     * How a client proves who it is: an API key, a bearer token (e.g. an OIDC access token),
     * AWS SigV4 signatures for an API Gateway with IAM authorization (credentials from the AWS
     * SDK's default chain, {@code sigV4Region} the API's region), or none of them (an
     * unauthenticated local server). At most one is set. Immutable.
     */
    public record Credentials(String apiKey, String bearerToken, String sigV4Region) {
        public static final Credentials NONE = new Credentials(null, null, null);

        public Credentials {
            int set = (apiKey != null ? 1 : 0) + (bearerToken != null ? 1 : 0) + (sigV4Region != null ? 1 : 0);
            if (set > 1) {
                throw new IllegalArgumentException("Give one of an API key, a bearer token or a SigV4 region");
            }
        }

        public static Credentials apiKey(String key) {
            return new Credentials(Objects.requireNonNull(key, "key"), null, null);
        }

        public static Credentials bearerToken(String token) {
            return new Credentials(null, Objects.requireNonNull(token, "token"), null);
        }

        /** Sign every request with SigV4 for {@code execute-api} in {@code region}. */
        public static Credentials sigV4(String region) {
            return new Credentials(null, null, Objects.requireNonNull(region, "region"));
        }

        /**
         * From {@code TRIBUTARY_API_KEY}, {@code TRIBUTARY_BEARER_TOKEN} or {@code TRIBUTARY_SIGV4_REGION},
         * or the system properties {@code tributary.api-key}, {@code tributary.bearer-token},
         * {@code tributary.sigv4-region} (which win), first found first.
         */
        public static Credentials fromEnvironment() {
            return from(System::getenv, System::getProperty);
        }

        static Credentials from(java.util.function.Function<String, String> env,
                                java.util.function.Function<String, String> properties) {
            String key = firstOf(properties.apply("tributary.api-key"), env.apply("TRIBUTARY_API_KEY"));
            String token = firstOf(properties.apply("tributary.bearer-token"), env.apply("TRIBUTARY_BEARER_TOKEN"));
            String region = firstOf(properties.apply("tributary.sigv4-region"), env.apply("TRIBUTARY_SIGV4_REGION"));
            return key != null ? apiKey(key) : token != null ? bearerToken(token) : region != null ? sigV4(region) : NONE;
        }

        private static String firstOf(String property, String variable) {
            String p = blankToNull(property);
            return p != null ? p : blankToNull(variable);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }

        void addHeaders(Map<String, String> headers) {
            if (apiKey != null) {
                headers.put("X-Api-Key", apiKey);
            } else if (bearerToken != null) {
                headers.put("Authorization", "Bearer " + bearerToken);
            }
        }

        @Override
        public String toString() {
            return apiKey != null ? "Credentials[apiKey=***]" : bearerToken != null ? "Credentials[bearerToken=***]"
                    : sigV4Region != null ? "Credentials[sigV4Region=" + sigV4Region + "]" : "Credentials[none]";
        }
    }

    /** A client authenticating with {@link Credentials#fromEnvironment()}. */
    public ServiceClient(URI endpoint, Duration requestTimeout) {
        this(endpoint, requestTimeout, Credentials.fromEnvironment());
    }

    public ServiceClient(URI endpoint, Duration requestTimeout, Credentials credentials) {
        this(endpoint, requestTimeout, credentials, credentials.sigV4Region() == null ? null
                : SigV4Signer.withDefaultChain(credentials.sigV4Region()));
    }

    ServiceClient(URI endpoint, Duration requestTimeout, Credentials credentials, SigV4Signer signer) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.signer = signer;
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
        byte[] bytes;
        try {
            bytes = body == null ? null : MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new TributaryException("Cannot encode request body", e));
        }
        return exchangeAsync(method, path, body == null ? null : "application/json", bytes, Map.of());
    }

    /**
     * As {@link #sendJsonAsync}, with the answer read as one of the API's body types
     * ({@code dev.tributary.core.api}); an empty answer gives null.
     */
    public <T> CompletableFuture<T> sendAsync(String method, String path, Object body, Class<T> answerType) {
        return sendJsonAsync(method, path, body).thenApply(json -> convert(json, answerType));
    }

    /**
     * An answer already read as a tree, as one of the API's body types; null for an empty answer.
     *
     * @throws TributaryException when the answer does not have that type's shape
     */
    public static <T> T convert(JsonNode json, Class<T> answerType) {
        if (json == null || json.isNull()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(json, answerType);
        } catch (IOException e) {
            throw new TributaryException("The service answered with an unexpected " + answerType.getSimpleName()
                    + " body: " + e.getMessage(), e);
        }
    }

    /** Blocking form of {@link #sendAsync}. */
    public <T> T send(String method, String path, Object body, Class<T> answerType) {
        return await(sendAsync(method, path, body, answerType));
    }

    /** Posts raw bytes with a content type; answers and failures as {@link #sendJsonAsync}. */
    public CompletableFuture<JsonNode> postBytesAsync(String path, String contentType, byte[] body) {
        return postBytesAsync(path, contentType, body, Map.of());
    }

    /** Posts raw bytes with a content type and extra headers; answers and failures as {@link #sendJsonAsync}. */
    public CompletableFuture<JsonNode> postBytesAsync(String path, String contentType, byte[] body,
                                                      Map<String, String> extraHeaders) {
        return exchangeAsync("POST", path, contentType, body, extraHeaders);
    }

    /** The one place requests to the service are built: headers, credentials, signature. */
    private CompletableFuture<JsonNode> exchangeAsync(String method, String path, String contentType, byte[] body,
                                                      Map<String, String> extraHeaders) {
        URI uri = resolve(path);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.putAll(extraHeaders);
        credentials.addHeaders(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (signer != null) {
            try {
                signer.sign(request, method, uri, headers, body);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new TributaryException("Cannot sign the request with AWS "
                        + "credentials: " + e.getMessage(), e));
            }
        }
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
