package dev.tributary.functions.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/**
 * {@code tributary.security.*}: how callers authenticate. {@code auth} lists the accepted
 * modes, tried in order: {@code api-key} ({@code X-Api-Key} header), {@code jwt}
 * ({@code Authorization: Bearer}), {@code iam} (the caller API Gateway verified with SigV4),
 * or {@code none} alone (everyone is {@code User:ANONYMOUS}; the embedded stack's default,
 * see {@link AuthModes}). Mutable
 * only while Micronaut binds it.
 */
@ConfigurationProperties("tributary.security")
public class SecurityConfig {
    /** Empty: decided by {@link AuthModes} from the storage mode. */
    private List<String> auth = List.of();
    /** Principals allowed to manage API keys (Kafka's {@code super.users}). */
    private List<String> superUsers = List.of();
    /** How long a looked-up API key is trusted before it is read again (revocation delay). */
    private Duration apiKeyCacheTtl = Duration.ofSeconds(30);
    /** How long an instance uses the ACLs it read before reading them again. */
    private Duration aclCacheTtl = Duration.ofSeconds(5);
    private JwtConfig jwt = new JwtConfig();

    public List<String> getAuth() { return auth; }
    public void setAuth(List<String> auth) { this.auth = List.copyOf(auth); }
    public List<String> getSuperUsers() { return superUsers; }
    public void setSuperUsers(List<String> superUsers) { this.superUsers = List.copyOf(superUsers); }
    public Duration getApiKeyCacheTtl() { return apiKeyCacheTtl; }
    public void setApiKeyCacheTtl(Duration apiKeyCacheTtl) { this.apiKeyCacheTtl = apiKeyCacheTtl; }
    public Duration getAclCacheTtl() { return aclCacheTtl; }
    public void setAclCacheTtl(Duration aclCacheTtl) { this.aclCacheTtl = aclCacheTtl; }
    public JwtConfig getJwt() { return jwt; }
    public void setJwt(JwtConfig jwt) { this.jwt = jwt; }

    /** {@code tributary.security.jwt.*}: bearer tokens from an OIDC issuer. */
    @ConfigurationProperties("jwt")
    public static class JwtConfig {
        /** The {@code iss} every token must carry. */
        private String issuer;
        /** The {@code aud} every token must include. */
        private String audience;
        /** Where the issuer publishes its signing keys (JWKS). */
        private String jwksUri;
        /** The claim that names the principal. */
        private String principalClaim = "sub";
        /** Clock skew tolerated on {@code exp} and {@code nbf}. */
        private Duration clockSkew = Duration.ofSeconds(60);

        public String getIssuer() { return issuer; }
        public void setIssuer(String issuer) { this.issuer = issuer; }
        public String getAudience() { return audience; }
        public void setAudience(String audience) { this.audience = audience; }
        public String getJwksUri() { return jwksUri; }
        public void setJwksUri(String jwksUri) { this.jwksUri = jwksUri; }
        public String getPrincipalClaim() { return principalClaim; }
        public void setPrincipalClaim(String principalClaim) { this.principalClaim = principalClaim; }
        public Duration getClockSkew() { return clockSkew; }
        public void setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; }
    }
}
