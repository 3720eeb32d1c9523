package dev.tributary.functions.security;

import dev.tributary.core.api.ApiPaths;

import dev.tributary.core.error.ApiException;
import dev.tributary.functions.http.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link Quotas} to every authenticated and authorized {@code /v1} request: one
 * request, plus the body's bytes for produce; a fetch's bytes (the JSON answer, or the
 * ranges handed out for direct reads) are charged once known, so they slow the principal's
 * next requests. Over quota: {@code 429 THROTTLED} with {@code Retry-After} in seconds.
 * Thread-safe.
 */
@ServerFilter(ApiPaths.V1 + "/**")
public class QuotaFilter implements Ordered {
    private final Quotas quotas;

    public QuotaFilter(Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 300;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> admit(HttpRequest<?> request) {
        Principal principal = Principal.of(request);
        try {
            quotas.acquire(principal, Quotas.Kind.REQUESTS, 1);
            String path = request.getPath();
            if (request.getMethod() == HttpMethod.POST && path.endsWith("/records")) {
                quotas.acquire(principal, Quotas.Kind.PRODUCE_BYTES, Math.max(0, request.getContentLength()));
            } else if (request.getMethod() == HttpMethod.GET && (path.endsWith("/records") || path.endsWith("/segments"))) {
                // Fetch bytes are charged after the answer; a principal still in debt waits here.
                quotas.acquire(principal, Quotas.Kind.FETCH_BYTES, 0);
            }
            return null;
        } catch (ApiException e) {
            MutableHttpResponse<?> response = Problems.of(e, request.getPath());
            long retryAfterMs = (Long) e.extensions().get("retryAfterMs");
            response.getHeaders().set("Retry-After", Long.toString(Math.max(1, (retryAfterMs + 999) / 1000)));
            return response;
        }
    }

    @ResponseFilter
    public void charge(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getMethod() != HttpMethod.GET || response.getStatus().getCode() != 200) {
            return;
        }
        String path = request.getPath();
        Object body = response.body();
        long bytes = 0;
        if (path.endsWith("/records") && body instanceof byte[] b) {
            bytes = b.length;
        } else if (path.endsWith("/segments") && body instanceof Map<?, ?> m && m.get("ranges") instanceof List<?> ranges) {
            for (Object r : ranges) {
                if (r instanceof Map<?, ?> range && range.get("length") instanceof Number n) {
                    bytes += n.longValue();
                }
            }
        }
        if (bytes > 0) {
            quotas.record(Principal.of(request), Quotas.Kind.FETCH_BYTES, bytes);
        }
    }
}
