package dev.tributary.kafka;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.functions.security.AclBinding;
import dev.tributary.functions.security.ApiKeys;
import dev.tributary.functions.security.Authorizer;
import dev.tributary.functions.security.Principal;
import dev.tributary.localstack.EmbeddedStack;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

/**
 * The gateway with authentication on ({@code api-key} and {@code jwt}), over the shared
 * embedded stack: an OIDC issuer of its own (a JWKS served on loopback from a key generated
 * here), API keys and ACLs created through the real beans, and {@code User:admin} as super
 * user. {@link #shared()} is plaintext (SASL_PLAINTEXT); {@link #start} takes extra settings
 * (TLS). Kafka client settings for each mechanism come ready-made.
 */
final class SecuredGatewayStack implements AutoCloseable {
    static final String ISSUER = "https://issuer.tributary.test";
    static final String AUDIENCE = "tributary-kafka";
    private static SecuredGatewayStack shared;

    final ApplicationContext context;
    final KafkaGateway gateway;
    private final HttpServer jwks;
    private final RSAKey key;

    private SecuredGatewayStack(Map<String, Object> extra) {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(keys);
            }
        });
        jwks.start();
        Map<String, Object> p = new HashMap<>(EmbeddedStorage.properties(EmbeddedStack.shared()));
        p.put("micronaut.server.port", -1);
        p.put("tributary.security.auth", "api-key,jwt");
        p.put("tributary.security.super-users", "User:admin");
        p.put("tributary.security.jwt.issuer", ISSUER);
        p.put("tributary.security.jwt.audience", AUDIENCE);
        p.put("tributary.security.jwt.jwks-uri", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
        p.put("tributary.kafka.host", "127.0.0.1");
        p.put("tributary.kafka.port", 0);
        p.put("tributary.kafka.advertised-host", "127.0.0.1");
        p.putAll(extra);
        context = ApplicationContext.run(p);
        gateway = context.getBean(KafkaGateway.class);
    }

    static synchronized SecuredGatewayStack shared() {
        if (shared == null) {
            shared = new SecuredGatewayStack(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static SecuredGatewayStack start(Map<String, Object> extra) {
        return new SecuredGatewayStack(extra);
    }

    /** A new API key of {@code User:<name>}. */
    String apiKey(String name) {
        return context.getBean(ApiKeys.class).create(new Principal("User", name));
    }

    /** ALLOW {@code operation} on the resource to {@code User:<name>}. */
    void allow(String name, String resourceType, String resource, String operation) {
        context.getBean(Authorizer.class).add(AclBinding.of("User:" + name, resourceType, resource, "LITERAL", operation, "ALLOW"));
    }

    /** A JWT for {@code subject} from this stack's issuer, valid for {@code lifetime} (negative: expired). */
    String token(String subject, Duration lifetime) {
        return sign(subject, lifetime, key);
    }

    /** A JWT signed with a key the issuer never published. */
    static String foreignToken(String subject) {
        try {
            return sign(subject, Duration.ofHours(1), new RSAKeyGenerator(2048).keyID("test-key").generate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(String subject, Duration lifetime, RSAKey with) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                    .expirationTime(Date.from(Instant.now().plus(lifetime))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + gateway.port();
    }

    /** Client settings for SASL/PLAIN with an API key as the password. */
    Properties plain(String apiKey) {
        Properties p = base("SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + ApiKeys.keyId(apiKey) + "\" password=\"" + apiKey + "\";");
        return p;
    }

    /** Client settings for SASL/OAUTHBEARER presenting {@code token} (see {@link StaticTokenLogin}). */
    Properties oauthBearer(String token) {
        Properties p = base("SASL_PLAINTEXT");
        p.put("sasl.mechanism", "OAUTHBEARER");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "token=\"" + token + "\";");
        p.put("sasl.login.callback.handler.class", StaticTokenLogin.class.getName());
        return p;
    }

    Properties base(String protocol) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("security.protocol", protocol);
        // Fail fast instead of retrying a refused authentication for a minute.
        p.put("default.api.timeout.ms", "15000");
        p.put("request.timeout.ms", "10000");
        p.put("max.block.ms", "15000");
        return p;
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    @Override
    public void close() {
        context.close();
        jwks.stop(0);
    }

    /**
     * The client side of OAUTHBEARER for tests: hands the login module the token named by
     * the JAAS option {@code token}, as an identity provider's login handler would.
     */
    public static final class StaticTokenLogin implements AuthenticateCallbackHandler {
        private String token;

        @Override
        public void configure(Map<String, ?> configs, String mechanism,
                              List<javax.security.auth.login.AppConfigurationEntry> entries) {
            token = (String) entries.get(0).getOptions().get("token");
        }

        @Override
        public void handle(javax.security.auth.callback.Callback[] callbacks) throws IOException {
            for (javax.security.auth.callback.Callback c : callbacks) {
                if (c instanceof OAuthBearerTokenCallback callback) {
                    String value = token;
                    callback.token(new OAuthBearerToken() {
                        @Override
                        public String value() {
                            return value;
                        }

                        @Override
                        public java.util.Set<String> scope() {
                            return java.util.Set.of();
                        }

                        @Override
                        public long lifetimeMs() {
                            return System.currentTimeMillis() + 3_600_000;
                        }

                        @Override
                        public String principalName() {
                            return "client";
                        }

                        @Override
                        public Long startTimeMs() {
                            return null;
                        }
                    });
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
