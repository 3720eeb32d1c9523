package dev.tributary.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A scripted HTTP server on a free local port, standing in for the service and S3 in unit tests. */
public final class FakeService implements AutoCloseable {

    /** Handles one exchange; return false to pass it to the next route. */
    @FunctionalInterface
    public interface Route {
        boolean handle(HttpExchange exchange, byte[] body) throws IOException;
    }

    private final HttpServer server;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public FakeService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                for (Route r : routes) {
                    if (r.handle(exchange, body)) {
                        return;
                    }
                }
                problem(exchange, 404, "NOT_FOUND", "No route for " + exchange.getRequestURI());
            } catch (IOException e) {
                // The client went away before the answer was written (a consumer closing during a long poll).
                exchange.close();
            } catch (RuntimeException e) {
                e.printStackTrace();
                exchange.close();
            }
        });
        server.start();
    }

    public FakeService route(String method, String pathPrefix, Route route) {
        routes.add((exchange, body) -> exchange.getRequestMethod().equals(method)
                && exchange.getRequestURI().getPath().startsWith(pathPrefix) && route.handle(exchange, body));
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static void json(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
        send(exchange, status, "application/problem+json", ("{\"type\":\"about:blank\",\"title\":\"" + code
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"errorCode\":\"" + code
                + "\",\"retriable\":false}").getBytes(StandardCharsets.UTF_8));
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
