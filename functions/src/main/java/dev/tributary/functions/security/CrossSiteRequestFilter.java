package dev.tributary.functions.security;

import dev.tributary.core.api.ApiPaths;

import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.wire.ProduceRequestCodec;
import dev.tributary.functions.http.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;
import java.util.Optional;

/**
 * Keeps web pages a developer happens to visit from driving the API through the browser.
 *
 * <p>A browser sends a cross-site POST without asking first only when its body is
 * {@code text/plain}, a form, or multipart. So every request that carries a body must
 * declare {@code application/json} (or, for produce, the SDK's binary type): anything else
 * is {@code 415} before a controller runs, and a page can only send JSON after a CORS
 * preflight, which this API never grants. A request whose {@code Origin} names another
 * host than the one addressed is refused with {@code 403} as well, which also covers
 * body-less POSTs. Stateless and thread-safe.
 */
@ServerFilter(ApiPaths.V1 + "/**")
public class CrossSiteRequestFilter {

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return null;
        }
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !sameHost(origin, request.getHeaders().get("Host"))) {
            return Problems.of(ErrorCode.FORBIDDEN, "Cross-origin requests are not accepted (Origin: " + origin + ").",
                    request.getPath());
        }
        Optional<MediaType> type = request.getContentType();
        boolean hasBody = request.getContentLength() > 0 || request.getHeaders().contains("Transfer-Encoding");
        if (type.isEmpty() && !hasBody) {
            return null;
        }
        String name = type.map(MediaType::getName).orElse("");
        if (name.equals(MediaType.APPLICATION_JSON)
                || (name.equals(ProduceRequestCodec.MEDIA_TYPE) && request.getPath().endsWith("/records"))) {
            return null;
        }
        return Problems.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json"
                + (request.getPath().endsWith("/records") ? " or " + ProduceRequestCodec.MEDIA_TYPE : "")
                + ", not '" + (name.isEmpty() ? "(none)" : name) + "'.", request.getPath());
    }

    private static boolean sameHost(String origin, @Nullable String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
