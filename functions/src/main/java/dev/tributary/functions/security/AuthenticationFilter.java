package dev.tributary.functions.security;

import dev.tributary.core.api.ApiPaths;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.http.Problems;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.runtime.event.annotation.EventListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every {@code /v1} request with the modes in {@code tributary.security.auth},
 * in order, and stores the {@link Principal} on the request. No credentials, or bad ones,
 * answer {@code 401 UNAUTHORIZED} before any controller runs. With {@code auth: none}
 * everyone is {@link Principal#ANONYMOUS}, and a warning is logged at start. Thread-safe.
 */
@ServerFilter(ApiPaths.V1 + "/**")
public class AuthenticationFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final AuthModes config;
    private final List<Authenticator> authenticators = new ArrayList<>();

    public AuthenticationFilter(AuthModes config, List<Authenticator> available) {
        this.config = config;
        for (String mode : config.modes()) {
            if (mode.equals("none")) {
                continue;
            }
            authenticators.add(available.stream().filter(a -> a.mode().equals(mode)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Unknown tributary.security.auth mode '" + mode
                            + "'; expected api-key, jwt, iam or none")));
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (config.unauthenticated()) {
            LOG.warn("Authentication is OFF (tributary.security.auth=none): anyone who can reach this port can "
                    + "read, write and delete every topic. Use this for local development only.");
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (config.unauthenticated()) {
            request.setAttribute(Principal.ATTRIBUTE, Principal.ANONYMOUS);
            return null;
        }
        try {
            for (Authenticator a : authenticators) {
                Optional<Principal> principal = a.authenticate(request);
                if (principal.isPresent()) {
                    request.setAttribute(Principal.ATTRIBUTE, principal.get());
                    return null;
                }
            }
            throw new ApiException(ErrorCode.UNAUTHORIZED, "This API needs credentials (" + String.join(", ", config.modes())
                    + "): send an X-Api-Key header, an Authorization: Bearer token, or a SigV4-signed request.");
        } catch (ApiException e) {
            return Problems.of(e, request.getPath()).header("WWW-Authenticate", "Bearer realm=\"tributary\"");
        }
    }
}
