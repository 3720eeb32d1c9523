package dev.tributary.client.producer;

import static dev.tributary.client.internal.ConfigProperties.check;

import dev.tributary.client.ClientConfig;
import dev.tributary.client.Compression;
import dev.tributary.client.internal.ConfigProperties;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A producer's settings: the shared {@link ClientConfig} plus batching, compression,
 * idempotence and delivery limits. Immutable and thread-safe; {@link Builder#build()}
 * rejects bad values. {@link #fromProperties} reads Kafka producer properties.
 */
public final class ProducerConfig {
    private final ClientConfig client;
    private final Duration linger;
    private final int batchSize;
    private final long bufferMemory;
    private final Duration maxBlock;
    private final Compression compression;
    private final boolean idempotence;
    private final Duration deliveryTimeout;
    private final int maxInFlightRequests;
    private final int maxRequestSize;
    private final Partitioner partitioner;

    private ProducerConfig(Builder b, ClientConfig client) {
        this.client = client;
        this.linger = b.linger;
        this.batchSize = b.batchSize;
        this.bufferMemory = b.bufferMemory;
        this.maxBlock = b.maxBlock;
        this.compression = b.compression;
        this.idempotence = b.idempotence;
        this.deliveryTimeout = b.deliveryTimeout;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.maxRequestSize = b.maxRequestSize;
        this.partitioner = b.partitioner;
    }

    public static Builder builder() {
        return new Builder(ClientConfig.builder());
    }

    public Builder toBuilder() {
        Builder b = new Builder(client.toBuilder());
        b.linger = linger;
        b.batchSize = batchSize;
        b.bufferMemory = bufferMemory;
        b.maxBlock = maxBlock;
        b.compression = compression;
        b.idempotence = idempotence;
        b.deliveryTimeout = deliveryTimeout;
        b.maxInFlightRequests = maxInFlightRequests;
        b.maxRequestSize = maxRequestSize;
        b.partitioner = partitioner;
        return b;
    }

    /**
     * Settings from Kafka producer properties: {@code bootstrap.servers} (the endpoint; its
     * first entry, {@code http://} added without a scheme), {@code linger.ms},
     * {@code batch.size}, {@code buffer.memory}, {@code max.block.ms},
     * {@code compression.type}, {@code enable.idempotence}, {@code delivery.timeout.ms},
     * {@code max.in.flight.requests.per.connection}, {@code max.request.size},
     * {@code request.timeout.ms}, {@code retry.backoff.ms}, {@code retry.backoff.max.ms}.
     * Kafka-only keys ({@code acks}, {@code client.id}, serializers, security) are ignored;
     * unknown keys are logged.
     *
     * @throws IllegalArgumentException for a bad value, naming its key
     */
    public static ProducerConfig fromProperties(Map<String, ?> properties) {
        ConfigProperties p = new ConfigProperties(properties);
        Builder b = new Builder(p.readClient(ClientConfig.builder()));
        if (p.has("linger.ms")) {
            b.linger(p.millis("linger.ms"));
        }
        if (p.has("batch.size")) {
            b.batchSize(p.intValue("batch.size"));
        }
        if (p.has("buffer.memory")) {
            b.bufferMemory(p.longValue("buffer.memory"));
        }
        if (p.has("max.block.ms")) {
            b.maxBlock(p.millis("max.block.ms"));
        }
        if (p.has("compression.type")) {
            String type = p.string("compression.type");
            try {
                b.compression(Compression.valueOf(type.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ConfigProperties.invalid("compression.type", type, "expected none, gzip, lz4 or zstd");
            }
        }
        if (p.has("enable.idempotence")) {
            b.idempotence(p.bool("enable.idempotence"));
        }
        if (p.has("delivery.timeout.ms")) {
            b.deliveryTimeout(p.millis("delivery.timeout.ms"));
        }
        if (p.has("max.in.flight.requests.per.connection")) {
            b.maxInFlightRequests(p.intValue("max.in.flight.requests.per.connection"));
        }
        if (p.has("max.request.size")) {
            b.maxRequestSize(p.intValue("max.request.size"));
        }
        p.warnUnknown();
        return b.build();
    }

    public ClientConfig client() {
        return client;
    }

    /** How long a batch waits for more records ({@code linger.ms}). Default 5 ms. */
    public Duration linger() {
        return linger;
    }

    /** Target bytes of one partition's batch ({@code batch.size}). Default 1 MiB. */
    public int batchSize() {
        return batchSize;
    }

    /** Bytes for records waiting to be sent or acknowledged ({@code buffer.memory}). Default 64 MiB. */
    public long bufferMemory() {
        return bufferMemory;
    }

    /** How long {@code send} may block ({@code max.block.ms}). Default 60 s. */
    public Duration maxBlock() {
        return maxBlock;
    }

    /** Batch compression ({@code compression.type}). Default LZ4. */
    public Compression compression() {
        return compression;
    }

    /** Store each record once even when retried ({@code enable.idempotence}). Default true. */
    public boolean idempotence() {
        return idempotence;
    }

    /** From {@code send} to acknowledgement, retries included ({@code delivery.timeout.ms}). Default 120 s. */
    public Duration deliveryTimeout() {
        return deliveryTimeout;
    }

    /** Produce requests outstanding at once. Default 5. */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** Upper bound of one request body ({@code max.request.size}). Default 5 MiB. */
    public int maxRequestSize() {
        return maxRequestSize;
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    /** Builds a {@link ProducerConfig}; defaults as documented on the getters. Not thread-safe. */
    public static final class Builder extends ClientConfig.SettingsBuilder<Builder> {
        private Duration linger = Duration.ofMillis(5);
        private int batchSize = 1 << 20;
        private long bufferMemory = 64L << 20;
        private Duration maxBlock = Duration.ofSeconds(60);
        private Compression compression = Compression.LZ4;
        private boolean idempotence = true;
        private Duration deliveryTimeout = Duration.ofSeconds(120);
        private int maxInFlightRequests = 5;
        private int maxRequestSize = 5 << 20;
        private Partitioner partitioner = new DefaultPartitioner();

        private Builder(ClientConfig.Builder client) {
            super(client);
        }

        public Builder linger(Duration linger) {
            this.linger = linger;
            return this;
        }

        public Builder batchSize(int batchSizeBytes) {
            this.batchSize = batchSizeBytes;
            return this;
        }

        public Builder bufferMemory(long bufferMemoryBytes) {
            this.bufferMemory = bufferMemoryBytes;
            return this;
        }

        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        public Builder idempotence(boolean idempotence) {
            this.idempotence = idempotence;
            return this;
        }

        public Builder deliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
            return this;
        }

        public Builder maxInFlightRequests(int maxInFlightRequests) {
            this.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        public Builder maxRequestSize(int maxRequestBytes) {
            this.maxRequestSize = maxRequestBytes;
            return this;
        }

        public Builder partitioner(Partitioner partitioner) {
            this.partitioner = partitioner;
            return this;
        }

        /** @throws IllegalArgumentException for a missing or out-of-range setting */
        public ProducerConfig build() {
            ClientConfig c = buildClient();
            check(linger != null && !linger.isNegative(), "linger must be >= 0");
            check(batchSize > 0, "batchSize must be > 0");
            check(maxRequestSize >= 1024, "maxRequestSize must be >= 1024");
            check(bufferMemory >= batchSize, "bufferMemory must be >= batchSize");
            check(maxBlock != null && !maxBlock.isNegative(), "maxBlock must be >= 0");
            check(compression != null, "compression is required");
            check(deliveryTimeout != null && !deliveryTimeout.isNegative() && !deliveryTimeout.isZero(),
                    "deliveryTimeout must be > 0");
            check(maxInFlightRequests > 0, "maxInFlightRequests must be > 0");
            check(partitioner != null, "partitioner is required");
            return new ProducerConfig(this, c);
        }
    }
}
