package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.http.HttpRequest;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bearer tokens signed with locally generated keys: only a valid one names a principal. */
class JwtAuthenticatorTest {
    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "tributary";
    private static final RSAKey KEY = generate("k1");
    private static final RSAKey OTHER = generate("k1");

    private final JwtAuthenticator jwt = new JwtAuthenticator(config(), new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())));

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecurityConfig.JwtConfig config() {
        SecurityConfig.JwtConfig c = new SecurityConfig.JwtConfig();
        c.setIssuer(ISSUER);
        c.setAudience(AUDIENCE);
        c.setJwksUri("https://issuer.test/jwks.json");
        c.setPrincipalClaim("email");
        return c;
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("u-1").claim("email", "alice@example.com")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000));
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            token.sign(new RSASSASigner(key));
            return token.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Principal> authenticate(String header) {
        return jwt.authenticate(HttpRequest.GET("/v1/topics").header("Authorization", header));
    }

    private void assertRefused(String header) {
        Throwable thrown = catchThrowable(() -> authenticate(header));
        assertThat(thrown).isInstanceOf(ApiException.class);
        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void validToken_namesThePrincipalFromTheConfiguredClaim() {
        assertThat(authenticate("Bearer " + sign(claims().build(), KEY))).contains(new Principal("User", "alice@example.com"));
    }

    @Test
    void verify_outsideAnHttpRequest_namesThePrincipalAndTheExpiry() {
        Date expiry = new Date((System.currentTimeMillis() / 1000 + 600) * 1000);
        JwtAuthenticator.VerifiedToken verified = jwt.verify(sign(claims().expirationTime(expiry).build(), KEY));
        assertThat(verified.principal()).isEqualTo(new Principal("User", "alice@example.com"));
        assertThat(verified.expiresAt()).isEqualTo(expiry.toInstant());
        Throwable refused = catchThrowable(() -> jwt.verify(sign(claims().build(), OTHER)));
        assertThat(((ApiException) refused).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void noBearerHeader_isNoCredentials() {
        assertThat(jwt.authenticate(HttpRequest.GET("/v1/topics"))).isEmpty();
        assertThat(authenticate("Basic YWxpY2U6cHc=")).isEmpty();
    }

    @Test
    void malformedTokens_areRefused() {
        assertRefused("Bearer ");
        assertRefused("Bearer not.a.jwt");
        assertRefused("Bearer " + "a".repeat(5000));
    }

    @Test
    void expiredToken_isRefused() {
        assertRefused("Bearer " + sign(claims().expirationTime(new Date(System.currentTimeMillis() - 3_600_000)).build(), KEY));
    }

    @Test
    void tokenWithoutExpiry_isRefused() {
        assertRefused("Bearer " + sign(claims().expirationTime(null).build(), KEY));
    }

    @Test
    void wrongSignature_isRefused() {
        assertRefused("Bearer " + sign(claims().build(), OTHER));
        String good = sign(claims().build(), KEY);
        String tampered = good.substring(0, good.indexOf('.') + 1)
                + com.nimbusds.jose.util.Base64URL.encode(claims().claim("email", "root@example.com").build().toString())
                + good.substring(good.lastIndexOf('.'));
        assertRefused("Bearer " + tampered);
    }

    @Test
    void wrongAudienceOrIssuer_isRefused() {
        assertRefused("Bearer " + sign(claims().audience("someone-else").build(), KEY));
        assertRefused("Bearer " + sign(claims().issuer("https://evil.test").build(), KEY));
    }

    @Test
    void missingPrincipalClaim_isRefused() {
        assertRefused("Bearer " + sign(claims().claim("email", null).build(), KEY));
    }

    @Test
    void unsignedOrSymmetricTokens_areRefused() throws Exception {
        assertRefused("Bearer " + new PlainJWT(claims().build()).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
        hmac.sign(new MACSigner(new byte[32]));
        assertRefused("Bearer " + hmac.serialize());
    }
}
