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
 * </ul>
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
}
