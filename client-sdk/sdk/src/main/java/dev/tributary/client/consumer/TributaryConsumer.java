package dev.tributary.client.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.Deserializer;
import dev.tributary.client.Header;
import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.consumer.internals.DirectS3Reader;
import dev.tributary.client.consumer.internals.Fetcher;
import dev.tributary.client.consumer.internals.HttpJsonReader;
import dev.tributary.client.consumer.internals.PartitionReader;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordHeader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Tributary consumer. With {@link ReadMode#DIRECT_S3} (the default) it asks the
 * service where records live and reads the bytes straight from S3, prefetching the next
 * ranges of every assigned partition in the background within {@code prefetchMemory},
 * so {@link #poll} rarely waits.
 *
 * <p>Partitions are chosen with {@link #assign}; consumer groups ({@link #subscribe},
 * commits) need the service's group API, which this version reports as unavailable.
 *
 * <p>Not thread-safe: use from one thread; only {@link #wakeup()} may be called from
 * another. Create with {@link #builder()}, {@link #close()} when done.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TributaryConsumer<K, V> implements Consumer<K, V> {
    private final Settings<K, V> settings;
    private final ServiceClient service;
    private final ScheduledExecutorService timer;
    private final Fetcher fetcher;
    private final Set<TopicPartition> assignment = new LinkedHashSet<>();

    private TributaryConsumer(Settings<K, V> settings) {
        this.settings = settings;
        this.service = new ServiceClient(settings.endpoint, settings.requestTimeout);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-consumer-timer");
            t.setDaemon(true);
            return t;
        });
        PartitionReader reader = settings.readMode == ReadMode.DIRECT_S3
                ? new DirectS3Reader(service, settings.fetchMaxBytes, settings.requestTimeout)
                : new HttpJsonReader(service, settings.fetchMaxBytes, Math.max(settings.maxPollRecords, 1000),
                        settings.fetchMaxWait.toMillis());
        long idle = settings.readMode == ReadMode.DIRECT_S3 ? settings.fetchIdleBackoff.toNanos() : 0;
        this.fetcher = new Fetcher(reader, service, settings.autoOffsetReset, settings.prefetchMemoryBytes, idle,
                settings.retryBackoff.toNanos(), timer);
    }

    public static Builder<Object, Object> builder() {
        return new Builder<>(new Settings<>());
    }

    public Builder<K, V> toBuilder() {
        return new Builder<>(settings.copy());
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        assignment.clear();
        assignment.addAll(partitions);
        fetcher.assign(assignment);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        throw groupsUnavailable("subscribe");
    }

    private TributaryException groupsUnavailable(String what) {
        if (settings.groupId == null) {
            return new TributaryException(what + " needs a groupId; without one, use assign() and seek()");
        }
        return new TributaryException("Consumer groups are not available in this version of Tributary, so "
                + what + " for group '" + settings.groupId + "' cannot work yet; use assign() and seek()");
    }

    @Override
    public void unsubscribe() {
        assign(List.of());
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        if (assignment.isEmpty()) {
            throw new IllegalStateException("The consumer has no partitions; call assign() first");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, List<LogRecord>> raw = fetcher.collect(settings.maxPollRecords);
            if (!raw.isEmpty()) {
                return toRecords(raw);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || fetcher.consumeWakeup()) {
                return ConsumerRecords.empty();
            }
            fetcher.awaitData(left);
        }
    }

    private ConsumerRecords<K, V> toRecords(Map<TopicPartition, List<LogRecord>> raw) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        raw.forEach((tp, list) -> {
            List<ConsumerRecord<K, V>> records = new ArrayList<>(list.size());
            String topic = tp.topic();
            for (LogRecord r : list) {
                byte[] k = r.key();
                byte[] v = r.value();
                records.add(new ConsumerRecord<>(topic, tp.partition(), r.offset(), r.timestampMs(),
                        deserialize(settings.keyDeserializer, topic, k, r, "key"),
                        deserialize(settings.valueDeserializer, topic, v, r, "value"),
                        headers(r.headers()), k == null ? -1 : k.length, v == null ? -1 : v.length));
            }
            out.put(tp, records);
        });
        return new ConsumerRecords<>(out);
    }

    private static <T> T deserialize(Deserializer<T> d, String topic, byte[] data, LogRecord r, String what) {
        try {
            return d.deserialize(topic, data);
        } catch (RuntimeException e) {
            throw new TributaryException("Failed to deserialize the " + what + " of the record at offset "
                    + r.offset() + " of topic '" + topic + "': " + e, e);
        }
    }

    private static List<Header> headers(List<RecordHeader> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        List<Header> out = new ArrayList<>(headers.size());
        for (RecordHeader h : headers) {
            out.add(new Header(h.key(), h.value()));
        }
        return out;
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        fetcher.seek(partition, offset);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        beginningOffsets(partitions).forEach(fetcher::seek);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        endOffsets(partitions).forEach(fetcher::seek);
    }

    @Override
    public long position(TopicPartition partition) {
        long p = fetcher.position(partition);
        if (p >= 0) {
            return p;
        }
        if (settings.autoOffsetReset == AutoOffsetReset.NONE) {
            throw new dev.tributary.client.NoOffsetForPartitionException("No position for " + partition
                    + " and the reset policy is NONE; seek first");
        }
        long offset = lookup(List.of(partition), settings.autoOffsetReset == AutoOffsetReset.EARLIEST
                ? "earliest" : "latest").get(partition).offset();
        fetcher.seek(partition, offset);
        return offset;
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        Map<TopicPartition, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        timestampsToSearch.forEach((tp, ts) -> pending.put(tp, fetcher.offsetAsync(tp, Long.toString(ts))));
        Map<TopicPartition, OffsetAndTimestamp> out = new LinkedHashMap<>();
        pending.forEach((tp, f) -> out.put(tp, toOffset(ServiceClient.await(f))));
        return out;
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        lookup(partitions, "earliest").forEach((tp, o) -> out.put(tp, o.offset()));
        return out;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        lookup(partitions, "latest").forEach((tp, o) -> out.put(tp, o.offset()));
        return out;
    }

    private Map<TopicPartition, OffsetAndTimestamp> lookup(Collection<TopicPartition> partitions, String at) {
        Map<TopicPartition, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            pending.put(tp, fetcher.offsetAsync(tp, at));
        }
        Map<TopicPartition, OffsetAndTimestamp> out = new LinkedHashMap<>();
        pending.forEach((tp, f) -> out.put(tp, toOffset(ServiceClient.await(f))));
        return out;
    }

    private static OffsetAndTimestamp toOffset(JsonNode body) {
        JsonNode ts = body.path("timestamp");
        return new OffsetAndTimestamp(body.path("offset").asLong(), ts.isNumber() ? ts.asLong() : -1);
    }

    @Override
    public void commitSync() {
        throw groupsUnavailable("commitSync");
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        throw groupsUnavailable("commitSync");
    }

    @Override
    public CompletableFuture<Void> commitAsync() {
        return CompletableFuture.failedFuture(groupsUnavailable("commitAsync"));
    }

    @Override
    public CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return CompletableFuture.failedFuture(groupsUnavailable("commitAsync"));
    }

    @Override
    public void wakeup() {
        fetcher.wakeup();
    }

    @Override
    public void close() {
        fetcher.close();
        timer.shutdownNow();
        service.close();
    }

    /**
     * Builds a {@link TributaryConsumer}; {@link #build()} validates every setting. Not
     * thread-safe.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final Settings<K, V> s;

        private Builder(Settings<K, V> s) {
            this.s = s;
        }

        /** The service's base URL. Required. */
        public Builder<K, V> endpoint(URI endpoint) {
            s.endpoint = endpoint;
            return this;
        }

        @SuppressWarnings("unchecked")
        public <K2> Builder<K2, V> keyDeserializer(Deserializer<K2> keyDeserializer) {
            ((Settings<Object, V>) (Settings<?, V>) s).keyDeserializer = (Deserializer<Object>) (Deserializer<?>) keyDeserializer;
            return (Builder<K2, V>) (Builder<?, V>) this;
        }

        @SuppressWarnings("unchecked")
        public <V2> Builder<K, V2> valueDeserializer(Deserializer<V2> valueDeserializer) {
            ((Settings<K, Object>) (Settings<K, ?>) s).valueDeserializer = (Deserializer<Object>) (Deserializer<?>) valueDeserializer;
            return (Builder<K, V2>) (Builder<K, ?>) this;
        }

        /** The consumer group, for {@code subscribe} and commits. Optional. */
        public Builder<K, V> groupId(String groupId) {
            s.groupId = groupId;
            return this;
        }

        /** Where to start without a valid position. Default {@link AutoOffsetReset#LATEST}, as Kafka. */
        public Builder<K, V> autoOffsetReset(AutoOffsetReset autoOffsetReset) {
            s.autoOffsetReset = autoOffsetReset;
            return this;
        }

        /** Most records one {@code poll} returns. Default 500. */
        public Builder<K, V> maxPollRecords(int maxPollRecords) {
            s.maxPollRecords = maxPollRecords;
            return this;
        }

        /** Most bytes one read of a partition asks for. Default 8 MiB. */
        public Builder<K, V> fetchMaxBytes(int fetchMaxBytes) {
            s.fetchMaxBytes = fetchMaxBytes;
            return this;
        }

        /** Upper bound of records read ahead of {@code poll}, all partitions together. Default 64 MiB. */
        public Builder<K, V> prefetchMemory(long prefetchMemoryBytes) {
            s.prefetchMemoryBytes = prefetchMemoryBytes;
            return this;
        }

        /** How records are read. Default {@link ReadMode#DIRECT_S3}. */
        public Builder<K, V> readMode(ReadMode readMode) {
            s.readMode = readMode;
            return this;
        }

        /** How long one HTTP request may take. Default 30 s. */
        public Builder<K, V> requestTimeout(Duration requestTimeout) {
            s.requestTimeout = requestTimeout;
            return this;
        }

        /** First wait before retrying a failed read; grows to 5 s. Default 100 ms. */
        public Builder<K, V> retryBackoff(Duration retryBackoff) {
            s.retryBackoff = retryBackoff;
            return this;
        }

        /** At the end of a partition in {@code DIRECT_S3} mode, wait this long before looking again. Default 100 ms. */
        public Builder<K, V> fetchIdleBackoff(Duration fetchIdleBackoff) {
            s.fetchIdleBackoff = fetchIdleBackoff;
            return this;
        }

        /** In {@code HTTP_JSON} mode, how long the service may hold a read at the end of a partition. Default 500 ms. */
        public Builder<K, V> fetchMaxWait(Duration fetchMaxWait) {
            s.fetchMaxWait = fetchMaxWait;
            return this;
        }

        /** @throws IllegalArgumentException for a missing or out-of-range setting */
        public TributaryConsumer<K, V> build() {
            check(s.endpoint != null && s.endpoint.isAbsolute(), "endpoint must be an absolute URL, got " + s.endpoint);
            check(s.keyDeserializer != null, "keyDeserializer is required");
            check(s.valueDeserializer != null, "valueDeserializer is required");
            check(s.autoOffsetReset != null, "autoOffsetReset is required");
            check(s.readMode != null, "readMode is required");
            check(s.maxPollRecords > 0, "maxPollRecords must be > 0");
            check(s.fetchMaxBytes > 0, "fetchMaxBytes must be > 0");
            check(s.prefetchMemoryBytes > 0, "prefetchMemory must be > 0");
            check(s.groupId == null || !s.groupId.isBlank(), "groupId must not be blank");
            for (Duration d : List.of(s.requestTimeout, s.retryBackoff, s.fetchIdleBackoff, s.fetchMaxWait)) {
                check(d != null && !d.isNegative(), "durations must be >= 0");
            }
            check(!s.requestTimeout.isZero(), "requestTimeout must be > 0");
            return new TributaryConsumer<>(s.copy());
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** The consumer's settings; mutable only inside a builder, a private copy once built. */
    private static final class Settings<K, V> {
        URI endpoint;
        Deserializer<K> keyDeserializer;
        Deserializer<V> valueDeserializer;
        String groupId;
        AutoOffsetReset autoOffsetReset = AutoOffsetReset.LATEST;
        int maxPollRecords = 500;
        int fetchMaxBytes = 8 << 20;
        long prefetchMemoryBytes = 64L << 20;
        ReadMode readMode = ReadMode.DIRECT_S3;
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration retryBackoff = Duration.ofMillis(100);
        Duration fetchIdleBackoff = Duration.ofMillis(100);
        Duration fetchMaxWait = Duration.ofMillis(500);

        Settings<K, V> copy() {
            Settings<K, V> c = new Settings<>();
            c.endpoint = endpoint;
            c.keyDeserializer = keyDeserializer;
            c.valueDeserializer = valueDeserializer;
            c.groupId = groupId;
            c.autoOffsetReset = autoOffsetReset;
            c.maxPollRecords = maxPollRecords;
            c.fetchMaxBytes = fetchMaxBytes;
            c.prefetchMemoryBytes = prefetchMemoryBytes;
            c.readMode = readMode;
            c.requestTimeout = requestTimeout;
            c.retryBackoff = retryBackoff;
            c.fetchIdleBackoff = fetchIdleBackoff;
            c.fetchMaxWait = fetchMaxWait;
            return c;
        }
    }
}
