package dev.tributary.client.producer;

import dev.tributary.client.Compression;
import dev.tributary.client.Header;
import dev.tributary.client.PartitionNotFoundException;
import dev.tributary.client.Serializer;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.ServiceClient;
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

    private final Settings<K, V> settings;
    private final ServiceClient service;
    private final ProducerMetadata metadata;
    private final BufferPool pool;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final Thread ioThread;
    private volatile boolean closed;

    private TributaryProducer(Settings<K, V> settings) {
        this.settings = settings;
        this.service = new ServiceClient(settings.endpoint, settings.requestTimeout);
        this.metadata = new ProducerMetadata(service, TimeUnit.MINUTES.toNanos(5), System::nanoTime);
        this.pool = new BufferPool(settings.bufferMemoryBytes);
        this.accumulator = new RecordAccumulator(settings.batchSizeBytes, settings.linger.toNanos(),
                dev.tributary.core.format.Compression.valueOf(settings.compression.name()), pool, System::nanoTime);
        this.sender = new Sender(accumulator, service, metadata, new SenderSettings(settings.maxRequestBytes,
                settings.maxInFlightRequests, settings.deliveryTimeout.toNanos(), settings.retryBackoff.toNanos(),
                settings.retryBackoffMax.toNanos(), settings.idempotence), System::nanoTime);
        this.ioThread = new Thread(sender, "tributary-producer-" + IDS.incrementAndGet());
        ioThread.setDaemon(true);
        ioThread.start();
    }

    /** A builder with the defaults documented on each setter; {@code endpoint} is required. */
    public static Builder<Object, Object> builder() {
        return new Builder<>();
    }

    /** A builder starting from this producer's settings. */
    public Builder<K, V> toBuilder() {
        return new Builder<>(settings);
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
            long deadline = System.nanoTime() + settings.maxBlock.toNanos();
            String topic = record.topic();
            byte[] key = serialize(settings.keySerializer, topic, record.key(), "key");
            byte[] value = serialize(settings.valueSerializer, topic, record.value(), "value");
            int numPartitions = metadata.partitionCount(topic, deadline - System.nanoTime());
            int partition = choosePartition(record, key, numPartitions, deadline);
            long timestampMs = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            List<RecordHeader> headers = toCoreHeaders(record.headers());
            long size = RECORD_OVERHEAD_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
            for (RecordHeader h : headers) {
                size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
            }
            pool.reserve(size, Math.max(0, deadline - System.nanoTime()));
            boolean sticky = key == null && record.partition() == null;
            RecordAccumulator.AppendResult result;
            try {
                result = accumulator.append(new TopicPartition(topic, partition), timestampMs, key, value, headers,
                        size, sticky);
                if (result.abortedForNewBatch()) {
                    settings.partitioner.onNewBatch(topic, partition, numPartitions);
                    partition = settings.partitioner.partition(topic, null, numPartitions);
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

    private int choosePartition(ProducerRecord<K, V> record, byte[] key, int numPartitions, long deadline) {
        Integer asked = record.partition();
        if (asked == null) {
            int p = settings.partitioner.partition(record.topic(), key, numPartitions);
            if (p < 0 || p >= numPartitions) {
                throw new TributaryException("Partitioner chose partition " + p + " of a topic with " + numPartitions);
            }
            return p;
        }
        if (asked >= numPartitions) {
            metadata.invalidate(record.topic());
            int refreshed = metadata.partitionCount(record.topic(), deadline - System.nanoTime());
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
        return metadata.partitionCount(topic, settings.maxBlock.toNanos());
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
        private final Settings<K, V> s;

        private Builder() {
            this.s = new Settings<>();
        }

        private Builder(Settings<K, V> from) {
            this.s = from.copy();
        }

        /** The service's base URL, e.g. {@code http://localhost:8080}. Required. */
        public Builder<K, V> endpoint(URI endpoint) {
            s.endpoint = endpoint;
            return this;
        }

        @SuppressWarnings("unchecked")
        public <K2> Builder<K2, V> keySerializer(Serializer<K2> keySerializer) {
            ((Settings<Object, V>) (Settings<?, V>) s).keySerializer = (Serializer<Object>) (Serializer<?>) keySerializer;
            return (Builder<K2, V>) (Builder<?, V>) this;
        }

        @SuppressWarnings("unchecked")
        public <V2> Builder<K, V2> valueSerializer(Serializer<V2> valueSerializer) {
            ((Settings<K, Object>) (Settings<K, ?>) s).valueSerializer = (Serializer<Object>) (Serializer<?>) valueSerializer;
            return (Builder<K, V2>) (Builder<K, ?>) this;
        }

        /** How long a batch waits for more records before it is sent. Default 5 ms. */
        public Builder<K, V> linger(Duration linger) {
            s.linger = linger;
            return this;
        }

        /** Target size of one partition's batch. Default 1 MiB. */
        public Builder<K, V> batchSize(int batchSizeBytes) {
            s.batchSizeBytes = batchSizeBytes;
            return this;
        }

        /** Memory for records waiting to be sent or acknowledged. Default 64 MiB. */
        public Builder<K, V> bufferMemory(long bufferMemoryBytes) {
            s.bufferMemoryBytes = bufferMemoryBytes;
            return this;
        }

        /** How long {@code send} may block for buffer memory or topic metadata. Default 60 s. */
        public Builder<K, V> maxBlock(Duration maxBlock) {
            s.maxBlock = maxBlock;
            return this;
        }

        /** Batch compression. Default {@link Compression#LZ4}: cheap, and bytes cost money here (S3 storage, requests). */
        public Builder<K, V> compression(Compression compression) {
            s.compression = compression;
            return this;
        }

        /** Store each record once even when a request is retried. Default true. */
        public Builder<K, V> idempotence(boolean idempotence) {
            s.idempotence = idempotence;
            return this;
        }

        /** Upper bound from {@code send} to acknowledgement, retries included. Default 120 s. */
        public Builder<K, V> deliveryTimeout(Duration deliveryTimeout) {
            s.deliveryTimeout = deliveryTimeout;
            return this;
        }

        /** How long one HTTP request may take. Default 30 s. */
        public Builder<K, V> requestTimeout(Duration requestTimeout) {
            s.requestTimeout = requestTimeout;
            return this;
        }

        /** First wait before a retry; doubles per attempt up to 1 s, or more if the service asks. Default 100 ms. */
        public Builder<K, V> retryBackoff(Duration retryBackoff) {
            s.retryBackoff = retryBackoff;
            return this;
        }

        /** Produce requests outstanding at once. Default 5. */
        public Builder<K, V> maxInFlightRequests(int maxInFlightRequests) {
            s.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        /** Upper bound of one request body; keep it under 6 MB for AWS Lambda. Default 5 MiB. */
        public Builder<K, V> maxRequestSize(int maxRequestBytes) {
            s.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** How records without an explicit partition are spread. Default {@link DefaultPartitioner}. */
        public Builder<K, V> partitioner(Partitioner partitioner) {
            s.partitioner = partitioner;
            return this;
        }

        /**
         * Creates the producer.
         *
         * @throws IllegalArgumentException for a missing or out-of-range setting
         */
        public TributaryProducer<K, V> build() {
            require(s.endpoint != null, "endpoint is required");
            require(s.endpoint.isAbsolute(), "endpoint must be an absolute URL, got " + s.endpoint);
            require(s.keySerializer != null, "keySerializer is required");
            require(s.valueSerializer != null, "valueSerializer is required");
            requireNonNegative(s.linger, "linger");
            require(s.batchSizeBytes > 0, "batchSize must be > 0");
            require(s.maxRequestBytes >= 1024, "maxRequestSize must be >= 1024");
            require(s.bufferMemoryBytes >= s.batchSizeBytes, "bufferMemory must be >= batchSize");
            require(s.compression != Compression.ZSTD || Errors.zstdAvailable(), Errors.ZSTD_MISSING);
            requireNonNegative(s.maxBlock, "maxBlock");
            require(s.compression != null, "compression is required");
            requirePositive(s.deliveryTimeout, "deliveryTimeout");
            requirePositive(s.requestTimeout, "requestTimeout");
            requireNonNegative(s.retryBackoff, "retryBackoff");
            require(s.maxInFlightRequests > 0, "maxInFlightRequests must be > 0");
            require(s.partitioner != null, "partitioner is required");
            if (s.retryBackoffMax.compareTo(s.retryBackoff) < 0) {
                s.retryBackoffMax = s.retryBackoff;
            }
            return new TributaryProducer<>(s.copy());
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static void requireNonNegative(Duration d, String name) {
            require(d != null && !d.isNegative(), name + " must be >= 0");
        }

        private static void requirePositive(Duration d, String name) {
            require(d != null && !d.isNegative() && !d.isZero(), name + " must be > 0");
        }
    }

    /** The producer's settings; mutable only inside a builder, a private copy once built. */
    private static final class Settings<K, V> {
        URI endpoint;
        Serializer<K> keySerializer;
        Serializer<V> valueSerializer;
        Duration linger = Duration.ofMillis(5);
        int batchSizeBytes = 1 << 20;
        int maxRequestBytes = 5 << 20;
        long bufferMemoryBytes = 64L << 20;
        Duration maxBlock = Duration.ofSeconds(60);
        Compression compression = Compression.LZ4;
        boolean idempotence = true;
        Duration deliveryTimeout = Duration.ofSeconds(120);
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration retryBackoff = Duration.ofMillis(100);
        Duration retryBackoffMax = Duration.ofSeconds(1);
        int maxInFlightRequests = 5;
        Partitioner partitioner = new DefaultPartitioner();

        Settings<K, V> copy() {
            Settings<K, V> c = new Settings<>();
            c.endpoint = endpoint;
            c.keySerializer = keySerializer;
            c.valueSerializer = valueSerializer;
            c.linger = linger;
            c.batchSizeBytes = batchSizeBytes;
            c.maxRequestBytes = maxRequestBytes;
            c.bufferMemoryBytes = bufferMemoryBytes;
            c.maxBlock = maxBlock;
            c.compression = compression;
            c.idempotence = idempotence;
            c.deliveryTimeout = deliveryTimeout;
            c.requestTimeout = requestTimeout;
            c.retryBackoff = retryBackoff;
            c.retryBackoffMax = retryBackoffMax;
            c.maxInFlightRequests = maxInFlightRequests;
            c.partitioner = partitioner;
            return c;
        }
    }
}
