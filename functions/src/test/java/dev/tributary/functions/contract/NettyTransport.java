package dev.tributary.functions.contract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests over a real socket to a running server. Thread-safe. */
public final class NettyTransport implements HttpTransport {
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String apiKey;

    public NettyTransport(URI base) {
        this(base, null);
    }

    /** @param apiKey sent as {@code X-Api-Key} on every request, or null */
    public NettyTransport(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    @Override
    public ApiResponse exchange(String method, String pathAndQuery, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
