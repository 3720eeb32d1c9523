package dev.tributary.functions.security;

import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * One way of proving who a caller is. Implementations are thread-safe.
 */
public interface Authenticator {
    /** The mode name used in {@code tributary.security.auth}. */
    String mode();

    /**
     * The caller, if the request carries credentials of this kind.
     *
     * @return empty when there are no credentials of this kind at all
     * @throws dev.tributary.core.error.ApiException {@code UNAUTHORIZED} when there are, but
     *                                               they are malformed, unknown or expired
     */
    Optional<Principal> authenticate(HttpRequest<?> request);
}
