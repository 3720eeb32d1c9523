package dev.tributary.functions.security;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.http.HttpRequest;

/**
 * Who a request runs as, in Kafka's {@code type:name} form ({@code User:alice},
 * {@code User:arn:aws:iam::123456789012:role/app}). Every authentication mode produces one;
 * unauthenticated local mode runs everything as {@link #ANONYMOUS}. Immutable.
 */
public record Principal(String type, String name) {
    public static final Principal ANONYMOUS = new Principal("User", "ANONYMOUS");
    /** The request attribute the authentication filter stores the principal under. */
    public static final String ATTRIBUTE = "tributary.principal";

    public Principal {
        if (type == null || type.isEmpty() || type.contains(":") || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A principal is type:name with a non-empty type and name");
        }
    }

    /** {@code User:alice} to a principal; {@code INVALID_REQUEST} for anything else. */
    public static Principal parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.length() > 512) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "A principal is written type:name, e.g. User:alice, not '"
                    + text + "'.");
        }
        return new Principal(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The principal the authentication filter attached to {@code request}, or {@link #ANONYMOUS}. */
    public static Principal of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Principal.class).orElse(ANONYMOUS);
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
