package dev.tributary.functions.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.functions.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A server with API-key authentication and ACLs on, over the shared embedded stack, with
 * {@code User:admin} as super user; one per test JVM. Hands out keys for any principal and
 * sends requests as them.
 */
public final class SecuredServer {
    private static SecuredServer shared;

    public final TestServer server;
    public final String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    private SecuredServer() {
        server = TestServer.start(Map.of("tributary.security.auth", "api-key",
                "tributary.security.super-users", "User:admin"));
        adminKey = keyFor("User:admin");
    }

    public static synchronized SecuredServer shared() {
        if (shared == null) {
            shared = new SecuredServer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.server::close));
        }
        return shared;
    }

    String keyFor(String principal) {
        return server.context().getBean(ApiKeys.class).create(Principal.parse(principal));
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String errorCode() {
            return body == null || body.get("errorCode") == null ? null : body.get("errorCode").asText();
        }
    }

    Reply call(String method, String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header(ApiKeys.HEADER, key);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? null : TestServer.JSON.readTree(r.body()), r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Reply admin(String method, String path, String json) {
        return call(method, path, adminKey, json);
    }

    void allow(String principal, String type, String name, String pattern, String operation) {
        acl(principal, type, name, pattern, operation, "ALLOW");
    }

    void acl(String principal, String type, String name, String pattern, String operation, String permission) {
        Reply r = admin("POST", "/v1/acls", String.format("{\"principal\":\"%s\",\"resourceType\":\"%s\",\"resourceName\":\"%s\","
                + "\"patternType\":\"%s\",\"operation\":\"%s\",\"permission\":\"%s\"}", principal, type, name, pattern,
                operation, permission));
        if (r.status() != 201) {
            throw new AssertionError("add ACL: " + r.status() + " " + r.raw().body());
        }
    }
}
