package dev.tributary.kafka;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the Kafka protocol gateway, under {@code tributary.kafka}.
 *
 * <ul>
 *   <li>{@code enabled} (default true): start the gateway with the application.</li>
 *   <li>{@code host} / {@code port} (default {@code 0.0.0.0:9092}; port 0 picks a free one).</li>
 *   <li>{@code advertised-listeners}: {@code host:port} entries that Metadata names as
 *       brokers; every entry is an equal, stateless gateway. Empty: this instance, as
 *       {@code advertised-host} (default {@code localhost}) and its bound port.</li>
 *   <li>{@code cluster-id}: the id clients see in Metadata and DescribeCluster.</li>
 *   <li>{@code max-request-bytes} (default 16 MiB + 64 KiB): larger frames close the connection,
 *       as Kafka's {@code socket.request.max.bytes} does.</li>
 *   <li>{@code default-partitions} (default 1): partitions of a CreateTopics entry that asks
 *       for the broker default (-1).</li>
 *   <li>{@code max-in-flight-per-connection} (default 64): requests read ahead of their
 *       responses before the connection stops reading.</li>
 *   <li>{@code handler-threads} (default 32): threads that run requests' blocking parts.</li>
 *   <li>{@code tls.*}: the listener speaks TLS (Kafka's {@code SSL}, or {@code SASL_SSL} when
 *       authentication is on); see {@link TlsConfig}.</li>
 * </ul>
 *
 * <p>Authentication follows {@code tributary.security.auth}: with {@code none} connections
 * are anonymous ({@code PLAINTEXT}/{@code SSL}); otherwise every connection authenticates with
 * SASL ({@code PLAIN} = API key, {@code OAUTHBEARER} = JWT) before anything else.
 */
@ConfigurationProperties("tributary.kafka")
public class KafkaGatewayConfig {
    private boolean enabled = true;
    private String host = "0.0.0.0";
    private int port = 9092;
    private String advertisedHost = "localhost";
    private List<String> advertisedListeners = new ArrayList<>();
    private String clusterId = "tributary";
    private int maxRequestBytes = 16 * 1024 * 1024 + 64 * 1024;
    private int defaultPartitions = 1;
    private int maxInFlightPerConnection = 64;
    private int handlerThreads = 32;
    private TlsConfig tls = new TlsConfig();

    public boolean isEnabled() { return enabled; }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public String getHost() { return host; }

    public void setHost(String host) { this.host = host; }

    public int getPort() { return port; }

    public void setPort(int port) { this.port = port; }

    public String getAdvertisedHost() { return advertisedHost; }

    public void setAdvertisedHost(String advertisedHost) { this.advertisedHost = advertisedHost; }

    public List<String> getAdvertisedListeners() { return advertisedListeners; }

    public void setAdvertisedListeners(List<String> advertisedListeners) { this.advertisedListeners = advertisedListeners; }

    public String getClusterId() { return clusterId; }

    public void setClusterId(String clusterId) { this.clusterId = clusterId; }

    public int getMaxRequestBytes() { return maxRequestBytes; }

    public void setMaxRequestBytes(int maxRequestBytes) { this.maxRequestBytes = maxRequestBytes; }

    public int getDefaultPartitions() { return defaultPartitions; }

    public void setDefaultPartitions(int defaultPartitions) { this.defaultPartitions = defaultPartitions; }

    public int getMaxInFlightPerConnection() { return maxInFlightPerConnection; }

    public void setMaxInFlightPerConnection(int maxInFlightPerConnection) { this.maxInFlightPerConnection = maxInFlightPerConnection; }

    public int getHandlerThreads() { return handlerThreads; }

    public void setHandlerThreads(int handlerThreads) { this.handlerThreads = handlerThreads; }

    public TlsConfig getTls() { return tls; }

    public void setTls(TlsConfig tls) { this.tls = tls; }

    /**
     * {@code tributary.kafka.tls.*}: the listener's certificate, and optionally the CAs whose
     * client certificates it accepts.
     *
     * <ul>
     *   <li>{@code enabled} (default false).</li>
     *   <li>{@code keystore-type}: {@code PKCS12} (default) or {@code PEM}.</li>
     *   <li>PKCS12: {@code keystore} (file) and {@code keystore-password}; {@code key-password}
     *       if the key's differs.</li>
     *   <li>PEM: {@code certificate-chain} (leaf first) and {@code private-key} (PKCS#8;
     *       {@code key-password} if encrypted), each a file or the PEM text itself (so a
     *       container can take them from a secrets manager as environment variables).</li>
     *   <li>{@code truststore} (PKCS12 with {@code truststore-password}, or a PEM file of CA
     *       certificates, by {@code truststore-type}) and {@code client-auth}
     *       ({@code none} default, {@code requested}, {@code required}): mutual TLS. A client
     *       certificate only admits the connection; the principal still comes from SASL.</li>
     * </ul>
     */
    @ConfigurationProperties("tls")
    public static class TlsConfig {
        private boolean enabled;
        private String keystoreType = "PKCS12";
        private String keystore;
        private String keystorePassword;
        private String keyPassword;
        private String certificateChain;
        private String privateKey;
        private String truststoreType = "PKCS12";
        private String truststore;
        private String truststorePassword;
        private String clientAuth = "none";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getKeystoreType() { return keystoreType; }
        public void setKeystoreType(String keystoreType) { this.keystoreType = keystoreType; }
        public String getKeystore() { return keystore; }
        public void setKeystore(String keystore) { this.keystore = keystore; }
        public String getKeystorePassword() { return keystorePassword; }
        public void setKeystorePassword(String keystorePassword) { this.keystorePassword = keystorePassword; }
        public String getKeyPassword() { return keyPassword; }
        public void setKeyPassword(String keyPassword) { this.keyPassword = keyPassword; }
        public String getCertificateChain() { return certificateChain; }
        public void setCertificateChain(String certificateChain) { this.certificateChain = certificateChain; }
        public String getPrivateKey() { return privateKey; }
        public void setPrivateKey(String privateKey) { this.privateKey = privateKey; }
        public String getTruststoreType() { return truststoreType; }
        public void setTruststoreType(String truststoreType) { this.truststoreType = truststoreType; }
        public String getTruststore() { return truststore; }
        public void setTruststore(String truststore) { this.truststore = truststore; }
        public String getTruststorePassword() { return truststorePassword; }
        public void setTruststorePassword(String truststorePassword) { this.truststorePassword = truststorePassword; }
        public String getClientAuth() { return clientAuth; }
        public void setClientAuth(String clientAuth) { this.clientAuth = clientAuth; }
    }
}
