package dev.tributary.functions.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else
 * a fresh UUID. The id is echoed in the response's {@code X-Request-Id} header, added as
 * {@code requestId} to problem+json bodies, and put in the logging context ({@code requestId}
 * in the MDC) while the request's thread handles it. Thread-safe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final String ATTRIBUTE = "tributary.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @RequestFilter
    public void assign(HttpRequest<?> request) {
        String given = request.getHeaders().get(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        MDC.put(MDC_KEY, id);
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String id = request.getAttribute(ATTRIBUTE, String.class).orElse(null);
        if (id == null) {
            return;
        }
        response.header(HEADER, id);
        if (response.getBody().orElse(null) instanceof Map<?, ?> body && body.containsKey("errorCode")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> problem = (Map<String, Object>) body;
            try {
                problem.putIfAbsent(MDC_KEY, id);
            } catch (UnsupportedOperationException immutable) {
                // Problems builds mutable bodies; a framework-made one keeps only the header.
            }
        }
        MDC.remove(MDC_KEY);
    }

    /** The id assigned to {@code request}, if the filter has seen it. */
    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElse(null);
    }
}
