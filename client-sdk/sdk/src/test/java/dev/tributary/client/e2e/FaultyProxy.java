package dev.tributary.client.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the real service that forwards every request but, for every
 * {@code n}-th produce request, throws the service's answer away after the service has
 * stored the records and answers 503 instead: the "lost response" a retrying producer must
 * survive without duplicates. Set {@link #down} to cut a client off entirely.
 */
final class FaultyProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "upgrade", "keep-alive", "expect");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final int every;
    private final AtomicInteger produceRequests = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    /** While true every request is answered 503 without reaching the service: a client cut off from it. */
    volatile boolean down;

    FaultyProxy(URI target, int every) throws IOException {
        this.target = target;
        this.every = every;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (down) {
                byte[] problem = ("{\"title\":\"Storage unavailable\",\"status\":503,\"detail\":\"injected: cut off\","
                        + "\"errorCode\":\"STORAGE_UNAVAILABLE\",\"retriable\":true}").getBytes();
                exchange.getResponseHeaders().put("Content-Type", List.of("application/problem+json"));
                exchange.sendResponseHeaders(503, problem.length);
                exchange.getResponseBody().write(problem);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean produce = exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().endsWith("/records");
            if (produce && response.statusCode() == 200 && produceRequests.incrementAndGet() % every == 0) {
                dropped.incrementAndGet();
                byte[] problem = ("{\"type\":\"about:blank\",\"title\":\"Storage unavailable\",\"status\":503,"
                        + "\"detail\":\"injected: response lost\",\"errorCode\":\"STORAGE_UNAVAILABLE\",\"retriable\":true}").getBytes();
                exchange.getResponseHeaders().put("Content-Type", List.of("application/problem+json"));
                exchange.getResponseHeaders().put("Retry-After", List.of("0"));
                exchange.sendResponseHeaders(503, problem.length);
                exchange.getResponseBody().write(problem);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            exchange.getResponseBody().write(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
