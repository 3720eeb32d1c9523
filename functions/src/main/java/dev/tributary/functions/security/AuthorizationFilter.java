package dev.tributary.functions.security;

import dev.tributary.core.api.ApiPaths;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.http.Problems;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.util.Optional;

/**
 * Enforces each {@code /v1} endpoint's {@link Authorize} mapping with the {@link Authorizer}
 * once the caller is authenticated: {@code 403 FORBIDDEN} without the permission. An endpoint
 * without a mapping is refused too, so a new endpoint is closed until someone decides what
 * it needs. Thread-safe.
 */
@ServerFilter(ApiPaths.V1 + "/**")
public class AuthorizationFilter implements Ordered {
    private final Authorizer authorizer;

    public AuthorizationFilter(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 200;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (route.isEmpty()) {
            return null;
        }
        AnnotationValue<Authorize> mapping = route.get().getAnnotationMetadata().getAnnotation(Authorize.class);
        try {
            if (mapping == null) {
                throw new ApiException(ErrorCode.FORBIDDEN, "This endpoint has no permission mapping, so nobody may call it.");
            }
            if (mapping.booleanValue("inHandler").orElse(false)) {
                return null;
            }
            ResourceType type = mapping.enumValue("resource", ResourceType.class).orElseThrow();
            AclOperation operation = mapping.enumValue("operation", AclOperation.class).orElseThrow();
            authorizer.check(request, type, resourceName(type, mapping, route.get()), operation);
            return null;
        } catch (ApiException e) {
            return Problems.of(e, request.getPath());
        }
    }

    private static String resourceName(ResourceType type, AnnotationValue<Authorize> mapping, RouteMatch<?> route) {
        if (type == ResourceType.CLUSTER) {
            return ResourceType.CLUSTER_NAME;
        }
        String variable = mapping.stringValue("nameFrom").filter(s -> !s.isEmpty())
                .orElse(type == ResourceType.TOPIC ? "topic" : "group");
        Object value = route.getVariableValues().get(variable);
        if (value == null) {
            throw new IllegalStateException("Endpoint maps " + type + " to path variable '" + variable + "', which it lacks");
        }
        return value.toString();
    }
}
