package dev.tributary.client.consumer;

import dev.tributary.client.ClientConfig;
import dev.tributary.client.Credentials;
import dev.tributary.client.Deserializer;
import dev.tributary.client.Header;
import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.WakeupException;
import dev.tributary.client.FencedException;
import dev.tributary.client.consumer.internals.ConsumerCoordinator;
import dev.tributary.client.consumer.internals.DirectS3Reader;
import dev.tributary.client.consumer.internals.Fetcher;
import dev.tributary.client.consumer.internals.HttpJsonReader;
import dev.tributary.client.consumer.internals.PartitionReader;
import dev.tributary.client.consumer.internals.SubscriptionState;
import dev.tributary.client.internal.ConfigProperties;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.OffsetsClient;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.client.internal.Time;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordHeader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * <p>Partitions are chosen with {@link #assign}, or by the consumer group with
 * {@link #subscribe} (with a {@code groupId}). A subscribed consumer heartbeats from a
 * background thread; the partitions the group gives and takes are applied inside
 * {@link #poll}, which is also where the {@link ConsumerRebalanceListener} and commit
 * callbacks run. Newly assigned partitions start at the group's committed offset, else by
 * the reset policy. With auto-commit (on by default, every 5 s) {@code poll} commits the
 * positions of the records returned before, and the consumer commits before giving up a
 * partition and on {@link #close()}, which then leaves the group at once.
 *
 * <p>Not thread-safe: use from one thread; only {@link #wakeup()} may be called from
 * another. Create with {@link #builder()}, {@link #close()} when done.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TributaryConsumer<K, V> implements Consumer<K, V> {
    private final ConsumerConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final ServiceClient service;
    private final Time time;
    private final ScheduledExecutorService timer;
    private final OffsetsClient offsets;
    private final SubscriptionState subscriptions = new SubscriptionState();
    private final Fetcher fetcher;
    /** Null without a {@code groupId}. */
    private final ConsumerCoordinator coordinator;

    private TributaryConsumer(ConsumerConfig config, Deserializer<K> keyDeserializer,
                              Deserializer<V> valueDeserializer, Time time) {
        this.config = config;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        ClientConfig client = config.client();
        this.service = new ServiceClient(client.endpoint(), client.requestTimeout());
        this.time = time;
        this.offsets = new OffsetsClient(service);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-consumer-timer");
            t.setDaemon(true);
            return t;
        });
        PartitionReader reader = config.readMode() == ReadMode.DIRECT_S3
                ? new DirectS3Reader(service, config.fetchMaxBytes(), client.requestTimeout(), config.fetchMaxWait().toMillis())
                : new HttpJsonReader(service, config.fetchMaxBytes(), Math.max(config.maxPollRecords(), 1000),
                        config.fetchMaxWait().toMillis());
        // Both readers long-poll the service at the end of the log, so an empty answer needs no back-off.
        long idle = 0;
        this.fetcher = new Fetcher(reader, offsets, client.endpoint(), subscriptions, config.autoOffsetReset(),
                config.prefetchMemory(), idle, client.retryBackoff().toNanos(), config.defaultApiTimeout().toNanos(),
                timer, time);
        this.coordinator = config.groupId() == null ? null : new ConsumerCoordinator(config.groupId(), service,
                offsets, subscriptions, fetcher, config.enableAutoCommit(), config.autoCommitInterval(),
                new ConsumerCoordinator.GroupTimeouts(config.sessionTimeout(), config.rebalanceTimeout(),
                        config.maxPollInterval(), config.defaultApiTimeout()), time);
    }

    public static Builder<Object, Object> builder() {
        return new Builder<>(ConsumerConfig.builder(), null, null, Time.SYSTEM);
    }

    public Builder<K, V> toBuilder() {
        return new Builder<>(config.toBuilder(), keyDeserializer, valueDeserializer, time);
    }

    /** A consumer with {@code config}. */
    public static <K, V> TributaryConsumer<K, V> create(ConsumerConfig config, Deserializer<K> keyDeserializer,
                                                        Deserializer<V> valueDeserializer) {
        return builder().config(config).keyDeserializer(keyDeserializer).valueDeserializer(valueDeserializer)
                .build();
    }

    /**
     * A consumer configured from Kafka consumer properties ({@link ConsumerConfig#fromProperties}).
     *
     * @throws IllegalArgumentException for a bad value, naming its key
     */
    public static <K, V> TributaryConsumer<K, V> create(Map<String, ?> properties, Deserializer<K> keyDeserializer,
                                                        Deserializer<V> valueDeserializer) {
        return create(ConsumerConfig.fromProperties(properties), keyDeserializer, valueDeserializer);
    }

    /** This consumer's settings. */
    public ConsumerConfig config() {
        return config;
    }

    /**
     * {@inheritDoc} With a {@code groupId}, partitions start at the group's committed
     * offsets, and commits are standalone (accepted while the group has no live members).
     *
     * @throws IllegalStateException when subscribed
     */
    @Override
    public void assign(Collection<TopicPartition> partitions) {
        if (coordinator != null && coordinator.subscribed()) {
            throw new IllegalStateException("Subscription to topics and manual partition assignment are mutually "
                    + "exclusive; call unsubscribe() first");
        }
        if (coordinator != null) {
            coordinator.assign(partitions);
            return;
        }
        subscriptions.setMode(partitions.isEmpty() ? SubscriptionState.Mode.NONE
                : SubscriptionState.Mode.USER_ASSIGNED);
        subscriptions.assign(partitions, Map.of());
        fetcher.assignmentChanged();
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(subscriptions.assignment());
    }

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    /**
     * {@inheritDoc} Joining happens in the background; the partitions arrive in a later
     * {@link #poll}. An empty collection is the same as {@link #unsubscribe()}.
     *
     * @throws TributaryException    without a {@code groupId}
     * @throws IllegalStateException when partitions were assigned with {@link #assign}
     */
    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        if (coordinator == null) {
            throw new TributaryException("subscribe needs a groupId (set it on the builder); without one, use "
                    + "assign() and seek()");
        }
        for (String t : topics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("Topic names must not be null or blank: " + topics);
            }
        }
        if (topics.isEmpty()) {
            unsubscribe();
            return;
        }
        coordinator.subscribe(topics, listener);
    }

    /** Leaves the group (after committing and revoking, as on {@link #close()}), or drops a manual assignment. */
    @Override
    public void unsubscribe() {
        if (coordinator != null && coordinator.subscribed()) {
            coordinator.leaveGroup();
        } else {
            assign(List.of());
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws WakeupException                               {@link #wakeup()} was called before or during this poll
     * @throws dev.tributary.client.TributaryTimeoutException the service could not be reached for longer than
     *                                                       {@code defaultApiTimeout}; polling again keeps trying
     */
    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        if (subscriptions.mode() == SubscriptionState.Mode.NONE) {
            throw new IllegalStateException("The consumer has no partitions; call assign() or subscribe() first");
        }
        try {
            return pollOnce(timeout);
        } catch (TributaryException e) {
            throw Errors.withCallerFrames(e);
        }
    }

    private ConsumerRecords<K, V> pollOnce(Duration timeout) {
        long deadline = time.nanoseconds() + timeout.toNanos();
        while (true) {
            if (fetcher.consumeWakeup()) {
                throw new WakeupException();
            }
            if (coordinator != null) {
                coordinator.poll();
            }
            Map<TopicPartition, List<LogRecord>> raw = fetcher.collect(config.maxPollRecords());
            if (!raw.isEmpty()) {
                return toRecords(raw);
            }
            long left = deadline - time.nanoseconds();
            if (left <= 0) {
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
                        deserialize(keyDeserializer, topic, k, r, "key"),
                        deserialize(valueDeserializer, topic, v, r, "value"),
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

    /** {@inheritDoc} A position outside the log is handled by the reset policy at the next read. */
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
        long p = subscriptions.position(partition);
        if (p >= 0) {
            return p;
        }
        if (config.autoOffsetReset() == AutoOffsetReset.NONE) {
            throw new dev.tributary.client.NoOffsetForPartitionException("No position for " + partition
                    + " and the reset policy is NONE; seek first");
        }
        long offset = lookup(List.of(partition), config.autoOffsetReset() == AutoOffsetReset.EARLIEST
                ? "earliest" : "latest").get(partition).offset();
        fetcher.seek(partition, offset);
        return offset;
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        Map<TopicPartition, String> query = new LinkedHashMap<>();
        timestampsToSearch.forEach((tp, ts) -> query.put(tp, Long.toString(ts)));
        return offsets.offsets(query);
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
        Map<TopicPartition, String> query = new LinkedHashMap<>();
        partitions.forEach(tp -> query.put(tp, at));
        return offsets.offsets(query);
    }

    private ConsumerCoordinator coordinator(String what) {
        if (coordinator == null) {
            throw new TributaryException(what + " needs a groupId (set it on the builder)");
        }
        return coordinator;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.tributary.client.FencedException the group took a partition away, or removed this member
     */
    @Override
    public void commitSync() {
        commitSync(subscriptions.positions(subscriptions.assignment()));
    }

    /**
     * {@inheritDoc} Returns at once when {@code offsets} is empty.
     *
     * @throws FencedException the consumer does not own one of the partitions in its group
     */
    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        coordinator("Committing offsets").commitSync(offsets);
    }

    @Override
    public CompletableFuture<Void> commitAsync() {
        return commitAsync(subscriptions.positions(subscriptions.assignment()));
    }

    @Override
    public CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (coordinator == null) {
            return CompletableFuture.failedFuture(new TributaryException(
                    "Committing offsets needs a groupId (set it on the builder)"));
        }
        return coordinator.commit(offsets);
    }

    /** As {@link #commitAsync()}; {@code callback} runs in a later {@code poll}, {@code commitSync} or {@code close}. */
    public void commitAsync(OffsetCommitCallback callback) {
        commitAsync(subscriptions.positions(subscriptions.assignment()), callback);
    }

    /** As {@link #commitAsync(Map)}; {@code callback} runs in a later {@code poll}, {@code commitSync} or {@code close}. */
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        coordinator("Committing offsets").commitAsync(offsets, callback);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return coordinator("Committed offsets").committed(partitions);
    }

    /**
     * {@inheritDoc} The poll running now, or else the next one, throws
     * {@link WakeupException}; callable from any thread.
     */
    @Override
    public void wakeup() {
        fetcher.wakeup();
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        subscriptions.pause(partitions);
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        subscriptions.resume(partitions);
        fetcher.resumed();
    }

    @Override
    public Set<TopicPartition> paused() {
        return subscriptions.paused();
    }

    @Override
    public void close() {
        try {
            if (coordinator != null) {
                coordinator.closeCommit();
            }
        } finally {
            fetcher.close();
            timer.shutdownNow();
            service.close();
        }
    }

    /**
     * Builds a {@link TributaryConsumer}; {@link #build()} validates every setting. Not
     * thread-safe.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final ConsumerConfig.Builder c;
        private Deserializer<K> keyDeserializer;
        private Deserializer<V> valueDeserializer;
        private Time time;

        private Builder(ConsumerConfig.Builder c, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                        Time time) {
            this.c = c;
            this.keyDeserializer = keyDeserializer;
            this.valueDeserializer = valueDeserializer;
            this.time = time;
        }

        /** Starts from {@code config}: every setting it holds replaces this builder's. */
        public Builder<K, V> config(ConsumerConfig config) {
            return new Builder<>(config.toBuilder(), keyDeserializer, valueDeserializer, time);
        }

        /** The service's base URL. Required. */
        public Builder<K, V> endpoint(URI endpoint) {
            c.endpoint(endpoint);
            return this;
        }

        /** Who the consumer is. Default {@link Credentials#none()}. */
        public Builder<K, V> credentials(Credentials credentials) {
            c.credentials(credentials);
            return this;
        }

        @SuppressWarnings("unchecked")
        public <K2> Builder<K2, V> keyDeserializer(Deserializer<K2> keyDeserializer) {
            Builder<K2, V> b = (Builder<K2, V>) (Builder<?, V>) this;
            b.keyDeserializer = keyDeserializer;
            return b;
        }

        @SuppressWarnings("unchecked")
        public <V2> Builder<K, V2> valueDeserializer(Deserializer<V2> valueDeserializer) {
            Builder<K, V2> b = (Builder<K, V2>) (Builder<K, ?>) this;
            b.valueDeserializer = valueDeserializer;
            return b;
        }

        /** The consumer group, for {@code subscribe} and commits. Optional. */
        public Builder<K, V> groupId(String groupId) {
            c.groupId(groupId);
            return this;
        }

        /** Where to start without a valid position. Default {@link AutoOffsetReset#LATEST}, as Kafka. */
        public Builder<K, V> autoOffsetReset(AutoOffsetReset autoOffsetReset) {
            c.autoOffsetReset(autoOffsetReset);
            return this;
        }

        /** Most records one {@code poll} returns. Default 500. */
        public Builder<K, V> maxPollRecords(int maxPollRecords) {
            c.maxPollRecords(maxPollRecords);
            return this;
        }

        /** Most bytes one read of a partition asks for. Default 8 MiB. */
        public Builder<K, V> fetchMaxBytes(int fetchMaxBytes) {
            c.fetchMaxBytes(fetchMaxBytes);
            return this;
        }

        /** Upper bound of records read ahead of {@code poll}, all partitions together. Default 64 MiB. */
        public Builder<K, V> prefetchMemory(long prefetchMemoryBytes) {
            c.prefetchMemory(prefetchMemoryBytes);
            return this;
        }

        /** How records are read. Default {@link ReadMode#DIRECT_S3}. */
        public Builder<K, V> readMode(ReadMode readMode) {
            c.readMode(readMode);
            return this;
        }

        /** How long one HTTP request may take. Default 30 s. */
        public Builder<K, V> requestTimeout(Duration requestTimeout) {
            c.requestTimeout(requestTimeout);
            return this;
        }

        /** First wait before retrying a failed read; grows to 5 s. Default 100 ms. */
        public Builder<K, V> retryBackoff(Duration retryBackoff) {
            c.retryBackoff(retryBackoff);
            return this;
        }

        /** At the end of a partition in {@code DIRECT_S3} mode, wait this long before looking again. Default 100 ms. */
        public Builder<K, V> fetchIdleBackoff(Duration fetchIdleBackoff) {
            c.fetchIdleBackoff(fetchIdleBackoff);
            return this;
        }

        /** In {@code HTTP_JSON} mode, how long the service may hold a read at the end of a partition. Default 500 ms. */
        public Builder<K, V> fetchMaxWait(Duration fetchMaxWait) {
            c.fetchMaxWait(fetchMaxWait);
            return this;
        }

        /**
         * Whether the consumer commits on its own, as Kafka's {@code enable.auto.commit}:
         * every {@link #autoCommitInterval} inside {@code poll} (the positions after the
         * records returned by earlier polls), before partitions are revoked, and on close.
         * Needs a {@code groupId}. Default true.
         */
        public Builder<K, V> enableAutoCommit(boolean enableAutoCommit) {
            c.enableAutoCommit(enableAutoCommit);
            return this;
        }

        /** How often auto-commit commits changed positions. Default 5 s, as Kafka. */
        public Builder<K, V> autoCommitInterval(Duration autoCommitInterval) {
            c.autoCommitInterval(autoCommitInterval);
            return this;
        }

        /**
         * How long the group waits for a missing heartbeat before giving this consumer's
         * partitions to others; 6 s to 5 min. Default 45 s, as Kafka.
         */
        public Builder<K, V> sessionTimeout(Duration sessionTimeout) {
            c.sessionTimeout(sessionTimeout);
            return this;
        }

        /**
         * How long this consumer may take to give up a revoked partition (the next
         * {@code poll} after the group asked, plus the listener) before the group removes it;
         * at most 5 min. Default 60 s.
         */
        public Builder<K, V> rebalanceTimeout(Duration rebalanceTimeout) {
            c.rebalanceTimeout(rebalanceTimeout);
            return this;
        }

        /**
         * As Kafka's {@code max.poll.interval.ms}: a subscribed consumer that does not call
         * {@code poll} for this long leaves the group, so its partitions go to other members;
         * its next {@code poll} rejoins (calling {@code onPartitionsLost}). Default 5 min.
         */
        public Builder<K, V> maxPollInterval(Duration maxPollInterval) {
            c.maxPollInterval(maxPollInterval);
            return this;
        }

        /**
         * As Kafka's {@code default.api.timeout.ms}: how long reads and heartbeats may keep
         * failing transiently (service unreachable, wrong endpoint) before {@code poll}
         * reports it with a {@link dev.tributary.client.TributaryTimeoutException}. Default 60 s.
         */
        public Builder<K, V> defaultApiTimeout(Duration defaultApiTimeout) {
            c.defaultApiTimeout(defaultApiTimeout);
            return this;
        }

        /** The clock, for tests. */
        Builder<K, V> time(Time time) {
            this.time = time;
            return this;
        }

        /** @throws IllegalArgumentException for a missing or out-of-range setting */
        public TributaryConsumer<K, V> build() {
            ConsumerConfig config = c.build();
            ConfigProperties.check(keyDeserializer != null, "keyDeserializer is required");
            ConfigProperties.check(valueDeserializer != null, "valueDeserializer is required");
            ConfigProperties.check(time != null, "time is required");
            return new TributaryConsumer<>(config, keyDeserializer, valueDeserializer, time);
        }
    }
}
