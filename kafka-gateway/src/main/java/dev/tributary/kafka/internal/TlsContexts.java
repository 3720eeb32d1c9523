package dev.tributary.kafka.internal;

import dev.tributary.kafka.KafkaGatewayConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the listener's TLS context from {@link KafkaGatewayConfig.TlsConfig} with the JDK's
 * TLS engine (TLS 1.2 and 1.3). A missing file, a wrong password or an unknown setting fails
 * at start with a message naming the setting. Stateless.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SslContext server(KafkaGatewayConfig.TlsConfig tls) {
        try {
            SslContextBuilder builder = switch (upper(tls.getKeystoreType())) {
                case "PKCS12" -> SslContextBuilder.forServer(keyManagers(tls));
                case "PEM" -> SslContextBuilder.forServer(pem("certificate-chain", tls.getCertificateChain()),
                        pem("private-key", tls.getPrivateKey()), tls.getKeyPassword());
                default -> throw new IllegalStateException("tributary.kafka.tls.keystore-type must be PKCS12 or PEM, not '"
                        + tls.getKeystoreType() + "'");
            };
            builder.sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").clientAuth(clientAuth(tls.getClientAuth()));
            if (tls.getTruststore() != null) {
                if ("PEM".equals(upper(tls.getTruststoreType()))) {
                    builder.trustManager(pem("truststore", tls.getTruststore()));
                } else {
                    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    trust.init(load("truststore", tls.getTruststore(), tls.getTruststorePassword()));
                    builder.trustManager(trust);
                }
            } else if (!"none".equalsIgnoreCase(tls.getClientAuth())) {
                throw new IllegalStateException("tributary.kafka.tls.client-auth needs tributary.kafka.tls.truststore");
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The Kafka listener's TLS settings (tributary.kafka.tls.*) cannot be used: "
                    + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(KafkaGatewayConfig.TlsConfig tls) throws IOException, GeneralSecurityException {
        KeyStore store = load("keystore", tls.getKeystore(), tls.getKeystorePassword());
        String keyPassword = tls.getKeyPassword() != null ? tls.getKeyPassword() : tls.getKeystorePassword();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, keyPassword == null ? new char[0] : keyPassword.toCharArray());
        return keys;
    }

    private static KeyStore load(String setting, String path, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file(setting, path).toPath())) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    /**
     * PEM text given inline (a value starting with {@code -----BEGIN}, e.g. injected from a
     * secrets manager as an environment variable) or read from a file.
     */
    private static InputStream pem(String setting, String value) throws IOException {
        if (value != null && value.strip().startsWith("-----BEGIN")) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.US_ASCII));
        }
        return Files.newInputStream(file(setting, value).toPath());
    }

    private static File file(String setting, String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("tributary.kafka.tls." + setting + " is not set");
        }
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("tributary.kafka.tls." + setting + " names no readable file: " + path);
        }
        return new File(path);
    }

    private static ClientAuth clientAuth(String value) {
        return switch (value == null ? "none" : value.toLowerCase(Locale.ROOT)) {
            case "none" -> ClientAuth.NONE;
            case "requested" -> ClientAuth.OPTIONAL;
            case "required" -> ClientAuth.REQUIRE;
            default -> throw new IllegalStateException("tributary.kafka.tls.client-auth must be none, requested or "
                    + "required, not '" + value + "'");
        };
    }

    private static String upper(String value) {
        return value == null ? "" : value.toUpperCase(Locale.ROOT);
    }
}
