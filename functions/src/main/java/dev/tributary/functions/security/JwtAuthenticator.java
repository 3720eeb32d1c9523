package dev.tributary.functions.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens from an OIDC issuer (Cognito, Auth0, Keycloak, ...), verified with
 * Nimbus JOSE+JWT: the signature against the issuer's JWKS (asymmetric algorithms only, so
 * a token signed with the public key as an HMAC secret fails), {@code iss} equal to the
 * configured issuer, {@code aud} containing the configured audience, {@code exp} present
 * and not past (with the configured skew). The principal is {@code User:<claim>}, the claim
 * being {@code sub} unless configured. The JWKS is fetched lazily and cached by Nimbus.
 * Thread-safe.
 */
@Singleton
public class JwtAuthenticator implements Authenticator {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final SecurityConfig.JwtConfig config;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    public JwtAuthenticator(SecurityConfig config) {
        this.config = config.getJwt();
    }

    /** For tests and embedders that hold the issuer's keys themselves. */
    JwtAuthenticator(SecurityConfig.JwtConfig config, JWKSource<SecurityContext> keys) {
        this.config = config;
        this.processor = processor(config, keys);
    }

    @Override
    public String mode() {
        return "jwt";
    }

    @Override
    public Optional<Principal> authenticate(HttpRequest<?> request) {
        String header = request.getHeaders().get("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(verify(header.substring(7).trim()).principal());
    }

    /** A token that passed every check: whom it names, and when it expires. */
    public record VerifiedToken(Principal principal, Instant expiresAt) {
    }

    /**
     * Verifies a bearer token presented outside an HTTP request (the Kafka gateway's
     * SASL/OAUTHBEARER token), with the same issuer, audience, keys and expiry rules as the
     * {@code Authorization} header.
     *
     * @throws ApiException {@code UNAUTHORIZED} when the token is refused
     */
    public VerifiedToken verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "The bearer token was refused: " + e.getMessage());
        }
        Object name = claims.getClaim(config.getPrincipalClaim());
        if (!(name instanceof String s) || s.isEmpty()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "The bearer token has no '" + config.getPrincipalClaim()
                    + "' claim to name its principal.");
        }
        return new VerifiedToken(new Principal("User", s), claims.getExpirationTime().toInstant());
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p == null) {
            if (config.getIssuer() == null || config.getAudience() == null || config.getJwksUri() == null) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "Bearer tokens are not accepted: the server has no "
                        + "tributary.security.jwt issuer, audience and jwks-uri configured.");
            }
            try {
                p = processor(config, JWKSourceBuilder.create(URI.create(config.getJwksUri()).toURL()).build());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("tributary.security.jwt.jwks-uri is not a URL: " + config.getJwksUri(), e);
            }
            processor = p;
        }
        return p;
    }

    private static DefaultJWTProcessor<SecurityContext> processor(SecurityConfig.JwtConfig config,
                                                                  JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(config.getAudience(),
                new JWTClaimsSet.Builder().issuer(config.getIssuer()).build(), Set.of("exp", config.getPrincipalClaim()));
        verifier.setMaxClockSkew((int) config.getClockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(verifier);
        return p;
    }
}
