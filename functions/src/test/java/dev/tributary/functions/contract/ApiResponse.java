package dev.tributary.functions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A response as any transport saw it: status, headers (names case-insensitive) and body
 * bytes. Immutable.
 */
public record ApiResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public ApiResponse {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new java.util.ArrayList<>()).addAll(values));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String contentType() {
        return header("Content-Type").orElse("");
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, or {@code null} when there is no body. */
    public JsonNode json() {
        if (body.length == 0) {
            return null;
        }
        try {
            return HttpTransport.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
        }
    }

    public String errorCode() {
        JsonNode json = json();
        return json == null || json.get("errorCode") == null ? null : json.get("errorCode").asText();
    }
}
