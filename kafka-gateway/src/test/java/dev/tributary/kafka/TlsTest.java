package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener with real kafka-clients: {@code SSL} (authentication off, PKCS12 keystore)
 * and {@code SASL_SSL} (API keys over TLS, PEM certificate file and inline PEM key). The certificate is made
 * for this run by the JDK's keytool (self-signed, {@code localhost}/{@code 127.0.0.1}); nothing
 * secret is checked in.
 */
class TlsTest {
    private static final String PASSWORD = "test-only";
    @TempDir
    static Path dir;
    private static String certificatePem;
    private static SecuredGatewayStack ssl;
    private static SecuredGatewayStack saslSsl;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=DNS:localhost,IP:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        certificatePem = pem("CERTIFICATE", store.getCertificate("gateway").getEncoded());
        Path certificate = Files.writeString(dir.resolve("gateway-cert.pem"), certificatePem);
        String key = pem("PRIVATE KEY", store.getKey("gateway", PASSWORD.toCharArray()).getEncoded());

        ssl = SecuredGatewayStack.start(Map.of("tributary.security.auth", "none",
                "tributary.kafka.tls.enabled", true,
                "tributary.kafka.tls.keystore", keystore.toString(),
                "tributary.kafka.tls.keystore-password", PASSWORD));
        saslSsl = SecuredGatewayStack.start(Map.of("tributary.kafka.tls.enabled", true,
                "tributary.kafka.tls.keystore-type", "PEM",
                "tributary.kafka.tls.certificate-chain", certificate.toString(),
                "tributary.kafka.tls.private-key", key));
    }

    @AfterAll
    static void stop() {
        if (ssl != null) {
            ssl.close();
        }
        if (saslSsl != null) {
            saslSsl.close();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Properties trusting(Properties p) {
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", certificatePem);
        return p;
    }

    private static void roundTrip(Properties client) throws Exception {
        String topic = SecuredGatewayStack.uniqueName("tls");
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "over-tls")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(client, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            assertThat(GatewayStack.readAll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("over-tls");
        }
    }

    @Test
    void ssl_pkcs12Keystore_producesAndConsumes() throws Exception {
        roundTrip(trusting(ssl.base("SSL")));
    }

    @Test
    void ssl_clientThatDoesNotTrustTheCertificate_failsTheHandshake() {
        try (Admin admin = Admin.create(ssl.base("SSL"))) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void saslSsl_pemCertificate_apiKeyOverTls_producesAndConsumes() throws Exception {
        Properties client = trusting(saslSsl.plain(saslSsl.apiKey("admin")));
        client.put("security.protocol", "SASL_SSL");
        roundTrip(client);
    }
}
