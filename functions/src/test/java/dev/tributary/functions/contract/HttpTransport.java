package dev.tributary.functions.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * One way of delivering an HTTP request to the API: a real socket to the Netty server, or an
 * API Gateway event handed to the Lambda handler. The contract suite is written against this
 * interface only, so both deployments answer the same tests. Implementations are thread-safe.
 */
public interface HttpTransport {
    ObjectMapper JSON = new ObjectMapper();

    /**
     * Sends one request and waits for its response.
     *
     * @param method      HTTP method
     * @param pathAndQuery path with an optional query string, e.g. {@code /v1/topics?x=1}
     * @param contentType {@code Content-Type}, or {@code null} for none
     * @param body        request body, or {@code null} for none
     */
    ApiResponse exchange(String method, String pathAndQuery, String contentType, byte[] body);

    default ApiResponse get(String path) {
        return exchange("GET", path, null, null);
    }

    default ApiResponse delete(String path) {
        return exchange("DELETE", path, null, null);
    }

    default ApiResponse post(String path, Object json) {
        return exchange("POST", path, "application/json", json(json));
    }

    default ApiResponse patch(String path, Object json) {
        return exchange("PATCH", path, "application/json", json(json));
    }

    /** A JSON body: a {@code String} is sent as is (so tests can send broken JSON), anything else is serialized. */
    static byte[] json(Object value) {
        try {
            return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
