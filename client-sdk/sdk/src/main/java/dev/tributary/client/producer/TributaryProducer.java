package dev.tributary.client.producer;

import dev.tributary.client.ClientConfig;
import dev.tributary.client.Compression;
import dev.tributary.client.Credentials;
import dev.tributary.client.Header;
import dev.tributary.client.PartitionNotFoundException;
import dev.tributary.client.Serializer;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.internal.ConfigProperties;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.client.internal.Time;
import dev.tributary.client.producer.internals.BufferPool;
import dev.tributary.client.producer.internals.ProducerMetadata;
import dev.tributary.client.producer.internals.RecordAccumulator;
import dev.tributary.client.producer.internals.Sender;
import dev.tributary.client.producer.internals.SenderSettings;
import dev.tributary.core.format.RecordHeader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Tributary producer: batches records per partition in memory (linger, batch size,
 * compression) and sends each topic's ready batches as one binary request over HTTP.
 * With {@code idempotence} (the default) a retried request is stored once, and records
 * of a partition are stored in send order.
 *
 * <p>Thread-safe: share one instance between all sending threads. Create it with
 * {@link #builder()}; {@link #close()} it when done.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TributaryProducer<K, V> implements Producer<K, V> {
    private static final AtomicInteger IDS = new AtomicInteger();
    // Kafka's per-record overhead in a v2 batch is at most about 21 bytes plus headers.
    private static final int RECORD_OVERHEAD_BYTES = 24;

    private final ProducerConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final ServiceClient service;
    private final ProducerMetadata metadata;
    private final BufferPool pool;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final Thread ioThread;
    private final Time time;
    private volatile boolean closed;

    private TributaryProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                              Time time) {
        this.config = config;
        this.time = time;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        ClientConfig client = config.client();
        this.service = new ServiceClient(client.endpoint(), client.requestTimeout());
        this.metadata = new ProducerMetadata(service, TimeUnit.MINUTES.toNanos(5), time::nanoseconds);
        this.pool = new BufferPool(config.bufferMemory());
        this.accumulator = new RecordAccumulator(config.batchSize(), config.linger().toNanos(),
                dev.tributary.core.format.Compression.valueOf(config.compression().name()), pool, time::nanoseconds);
        this.sender = new Sender(accumulator, service, metadata, new SenderSettings(config.maxRequestSize(),
                config.maxInFlightRequests(), config.deliveryTimeout().toNanos(), client.retryBackoff().toNanos(),
                client.retryBackoffMax().toNanos(), config.idempotence()), time::nanoseconds);
        this.ioThread = new Thread(sender, "tributary-producer-" + IDS.incrementAndGet());
        ioThread.setDaemon(true);
        ioThread.start();
    }

    /** A builder with the defaults documented on each setter; {@code endpoint} is required. */
    public static Builder<Object, Object> builder() {
        return new Builder<>(ProducerConfig.builder(), null, null);
    }

    /** A builder starting from this producer's settings. */
    public Builder<K, V> toBuilder() {
        return new Builder<>(config.toBuilder(), keySerializer, valueSerializer);
    }

    /** A producer with {@code config}. */
    public static <K, V> TributaryProducer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                                        Serializer<V> valueSerializer) {
        return builder().config(config).keySerializer(keySerializer).valueSerializer(valueSerializer).build();
    }

    /**
     * A producer configured from Kafka producer properties ({@link ProducerConfig#fromProperties}).
     *
     * @throws IllegalArgumentException for a bad value, naming its key
     */
    public static <K, V> TributaryProducer<K, V> create(Map<String, ?> properties, Serializer<K> keySerializer,
                                                        Serializer<V> valueSerializer) {
        return create(ProducerConfig.fromProperties(properties), keySerializer, valueSerializer);
    }

    /** This producer's settings. */
    public ProducerConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            return CompletableFuture.failedFuture(new TributaryException("The producer is closed"));
        }
        TributaryException fatal = sender.fatalError();
        if (fatal != null) {
            return CompletableFuture.failedFuture(fatal);
        }
        try {
            long deadline = time.nanoseconds() + config.maxBlock().toNanos();
            String topic = record.topic();
            byte[] key = serialize(keySerializer, topic, record.key(), "key");
            byte[] value = serialize(valueSerializer, topic, record.value(), "value");
            int numPartitions = metadata.partitionCount(topic, deadline - time.nanoseconds());
            int partition = choosePartition(record, key, numPartitions, deadline);
            long timestampMs = record.timestamp() != null ? record.timestamp() : time.milliseconds();
            List<RecordHeader> headers = toCoreHeaders(record.headers());
            long size = RECORD_OVERHEAD_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
            for (RecordHeader h : headers) {
                size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
            }
            pool.reserve(size, Math.max(0, deadline - time.nanoseconds()));
            boolean sticky = key == null && record.partition() == null;
            RecordAccumulator.AppendResult result;
            try {
                result = accumulator.append(new TopicPartition(topic, partition), timestampMs, key, value, headers,
                        size, sticky);
                if (result.abortedForNewBatch()) {
                    config.partitioner().onNewBatch(topic, partition, numPartitions);
                    partition = config.partitioner().partition(topic, null, numPartitions);
                    result = accumulator.append(new TopicPartition(topic, partition), timestampMs, key, value,
                            headers, size, false);
                }
            } catch (RuntimeException e) {
                pool.release(size);
                throw e;
            }
            if (result.batchFull()) {
                sender.wakeup();
            }
            return result.future();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new TributaryException("Interrupted while waiting for buffer memory", e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Errors.wrap(e));
        }
    }

    @Override
    public CompletableFuture<List<RecordMetadata>> append(String topic, int partition, long expectedOffset,
                                                        List<ProducerRecord<K, V>> records) {
        Objects.requireNonNull(topic, "topic");
        if (records.isEmpty() || expectedOffset < 0 || partition < 0) {
            throw new IllegalArgumentException("append needs at least one record, a partition >= 0 and an offset >= 0");
        }
        List<dev.tributary.core.format.RecordDraft> drafts = new java.util.ArrayList<>(records.size());
        long now = time.milliseconds();
        for (ProducerRecord<K, V> r : records) {
            if (!r.topic().equals(topic) || (r.partition() != null && r.partition() != partition)) {
                throw new IllegalArgumentException("every record of an append must go to " + topic + "/" + partition);
            }
            drafts.add(new dev.tributary.core.format.RecordDraft(r.timestamp() != null ? r.timestamp() : now,
                    serialize(keySerializer, topic, r.key(), "key"),
                    serialize(valueSerializer, topic, r.value(), "value"), toCoreHeaders(r.headers())));
        }
        java.nio.ByteBuffer batch = dev.tributary.core.format.RecordBatches.build(drafts,
                dev.tributary.core.format.Compression.valueOf(config.compression().name()), -1L, (short) -1, -1);
        byte[] body = dev.tributary.core.wire.ProduceRequestCodec.encode(
                List.of(new dev.tributary.core.wire.PartitionBatch(partition, batch)));
        return service.postBytesAsync(dev.tributary.core.api.ApiPaths.records(topic),
                        dev.tributary.core.wire.ProduceRequestCodec.MEDIA_TYPE, body,
                        java.util.Map.of("Tributary-Expected-Offsets", partition + "=" + expectedOffset))
                .thenApply(response -> {
                    long base = response.path("batches").path(0).path("baseOffset").asLong();
                    List<RecordMetadata> out = new java.util.ArrayList<>(drafts.size());
                    for (int i = 0; i < drafts.size(); i++) {
                        dev.tributary.core.format.RecordDraft d = drafts.get(i);
                        out.add(new RecordMetadata(topic, partition, base + i, d.timestampMs(),
                                d.key() == null ? -1 : d.key().length, d.value() == null ? -1 : d.value().length));
                    }
                    return out;
                });
    }

    private int choosePartition(ProducerRecord<K, V> record, byte[] key, int numPartitions, long deadline) {
        Integer asked = record.partition();
        if (asked == null) {
            int p = config.partitioner().partition(record.topic(), key, numPartitions);
            if (p < 0 || p >= numPartitions) {
                throw new TributaryException("Partitioner chose partition " + p + " of a topic with " + numPartitions);
            }
            return p;
        }
        if (asked >= numPartitions) {
            metadata.invalidate(record.topic());
            int refreshed = metadata.partitionCount(record.topic(), deadline - time.nanoseconds());
            if (asked >= refreshed) {
                throw new PartitionNotFoundException("Topic '" + record.topic() + "' has " + refreshed
                        + " partitions; partition " + asked + " does not exist");
            }
        }
        return asked;
    }

    private static <T> byte[] serialize(Serializer<T> serializer, String topic, T data, String what) {
        try {
            return serializer.serialize(topic, data);
        } catch (RuntimeException e) {
            throw new TributaryException("Failed to serialize the " + what + " for topic '" + topic + "': " + e, e);
        }
    }

    private static List<RecordHeader> toCoreHeaders(List<Header> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        List<RecordHeader> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(new RecordHeader(h.key(), h.value()));
        }
        return out;
    }

    @Override
    public void flush() {
        accumulator.beginFlush();
        try {
            sender.wakeup();
            accumulator.incompleteDone().join();
        } finally {
            accumulator.endFlush();
        }
    }

    @Override
    public int partitionCount(String topic) {
        return metadata.partitionCount(topic, config.maxBlock().toNanos());
    }

    /** The producer id the service gave this producer, or -1 when producing without idempotence. */
    public long producerId() {
        return sender.producerId();
    }

    @Override
    public void close() {
        close(Duration.ofDays(365));
    }

    @Override
    public void close(Duration timeout) {
        closed = true;
        sender.initiateClose();
        try {
            ioThread.join(Math.max(1, timeout.toMillis()));
            if (ioThread.isAlive()) {
                sender.forceClose();
                ioThread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.forceClose();
        }
        service.close();
    }

    /**
     * Builds a {@link TributaryProducer}. Not thread-safe; {@link #build()} validates every
     * setting so mistakes fail at construction.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final ProducerConfig.Builder c;
        private Serializer<K> keySerializer;
        private Serializer<V> valueSerializer;
        private Time time = Time.SYSTEM;

        private Builder(ProducerConfig.Builder c, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
            this.c = c;
            this.keySerializer = keySerializer;
            this.valueSerializer = valueSerializer;
        }

        /** Starts from {@code config}: every setting it holds replaces this builder's. */
        public Builder<K, V> config(ProducerConfig config) {
            ProducerConfig.Builder from = config.toBuilder();
            return new Builder<>(from, keySerializer, valueSerializer).time(time);
        }

        /** The service's base URL, e.g. {@code http://localhost:8080}. Required. */
        public Builder<K, V> endpoint(URI endpoint) {
            c.endpoint(endpoint);
            return this;
        }

        /** Who the producer is. Default {@link Credentials#none()}. */
        public Builder<K, V> credentials(Credentials credentials) {
            c.credentials(credentials);
            return this;
        }

        @SuppressWarnings("unchecked")
        public <K2> Builder<K2, V> keySerializer(Serializer<K2> keySerializer) {
            Builder<K2, V> b = (Builder<K2, V>) (Builder<?, V>) this;
            b.keySerializer = keySerializer;
            return b;
        }

        @SuppressWarnings("unchecked")
        public <V2> Builder<K, V2> valueSerializer(Serializer<V2> valueSerializer) {
            Builder<K, V2> b = (Builder<K, V2>) (Builder<K, ?>) this;
            b.valueSerializer = valueSerializer;
            return b;
        }

        /** How long a batch waits for more records before it is sent. Default 5 ms. */
        public Builder<K, V> linger(Duration linger) {
            c.linger(linger);
            return this;
        }

        /** Target size of one partition's batch. Default 1 MiB. */
        public Builder<K, V> batchSize(int batchSizeBytes) {
            c.batchSize(batchSizeBytes);
            return this;
        }

        /** Memory for records waiting to be sent or acknowledged. Default 64 MiB. */
        public Builder<K, V> bufferMemory(long bufferMemoryBytes) {
            c.bufferMemory(bufferMemoryBytes);
            return this;
        }

        /** How long {@code send} may block for buffer memory or topic metadata. Default 60 s. */
        public Builder<K, V> maxBlock(Duration maxBlock) {
            c.maxBlock(maxBlock);
            return this;
        }

        /** Batch compression. Default {@link Compression#LZ4}: cheap, and bytes cost money here (S3 storage, requests). */
        public Builder<K, V> compression(Compression compression) {
            c.compression(compression);
            return this;
        }

        /** Store each record once even when a request is retried. Default true. */
        public Builder<K, V> idempotence(boolean idempotence) {
            c.idempotence(idempotence);
            return this;
        }

        /** Upper bound from {@code send} to acknowledgement, retries included. Default 120 s. */
        public Builder<K, V> deliveryTimeout(Duration deliveryTimeout) {
            c.deliveryTimeout(deliveryTimeout);
            return this;
        }

        /** How long one HTTP request may take. Default 30 s. */
        public Builder<K, V> requestTimeout(Duration requestTimeout) {
            c.requestTimeout(requestTimeout);
            return this;
        }

        /** First wait before a retry; doubles per attempt up to 1 s, or more if the service asks. Default 100 ms. */
        public Builder<K, V> retryBackoff(Duration retryBackoff) {
            c.retryBackoff(retryBackoff);
            return this;
        }

        /** Produce requests outstanding at once. Default 5. */
        public Builder<K, V> maxInFlightRequests(int maxInFlightRequests) {
            c.maxInFlightRequests(maxInFlightRequests);
            return this;
        }

        /** Upper bound of one request body; keep it under 6 MB for AWS Lambda. Default 5 MiB. */
        public Builder<K, V> maxRequestSize(int maxRequestBytes) {
            c.maxRequestSize(maxRequestBytes);
            return this;
        }

        /** How records without an explicit partition are spread. Default {@link DefaultPartitioner}. */
        public Builder<K, V> partitioner(Partitioner partitioner) {
            c.partitioner(partitioner);
            return this;
        }

        /** The clock, for tests. */
        Builder<K, V> time(Time time) {
            this.time = java.util.Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Creates the producer.
         *
         * @throws IllegalArgumentException for a missing or out-of-range setting
         */
        public TributaryProducer<K, V> build() {
            ProducerConfig config = c.build();
            ConfigProperties.check(keySerializer != null, "keySerializer is required");
            ConfigProperties.check(valueSerializer != null, "valueSerializer is required");
            ConfigProperties.check(config.compression() != Compression.ZSTD || Errors.zstdAvailable(),
                    Errors.ZSTD_MISSING);
            return new TributaryProducer<>(config, keySerializer, valueSerializer, time);
        }
    }
}
