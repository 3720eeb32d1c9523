package dev.tributary.client.consumer;

import static dev.tributary.client.internal.ConfigProperties.check;

import dev.tributary.client.ClientConfig;
import dev.tributary.client.internal.ConfigProperties;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A consumer's settings: the shared {@link ClientConfig} plus group, reset policy, read
 * sizes and the group's timeouts. Immutable and thread-safe; {@link Builder#build()}
 * rejects bad values. {@link #fromProperties} reads Kafka consumer properties.
 */
public final class ConsumerConfig {
    private final ClientConfig client;
    private final String groupId;
    private final AutoOffsetReset autoOffsetReset;
    private final int maxPollRecords;
    private final int fetchMaxBytes;
    private final long prefetchMemory;
    private final ReadMode readMode;
    private final Duration fetchIdleBackoff;
    private final Duration fetchMaxWait;
    private final boolean enableAutoCommit;
    private final Duration autoCommitInterval;
    private final Duration sessionTimeout;
    private final Duration rebalanceTimeout;
    private final Duration maxPollInterval;
    private final Duration defaultApiTimeout;

    private ConsumerConfig(Builder b, ClientConfig client) {
        this.client = client;
        this.groupId = b.groupId;
        this.autoOffsetReset = b.autoOffsetReset;
        this.maxPollRecords = b.maxPollRecords;
        this.fetchMaxBytes = b.fetchMaxBytes;
        this.prefetchMemory = b.prefetchMemory;
        this.readMode = b.readMode;
        this.fetchIdleBackoff = b.fetchIdleBackoff;
        this.fetchMaxWait = b.fetchMaxWait;
        this.enableAutoCommit = b.enableAutoCommit;
        this.autoCommitInterval = b.autoCommitInterval;
        this.sessionTimeout = b.sessionTimeout;
        this.rebalanceTimeout = b.rebalanceTimeout;
        this.maxPollInterval = b.maxPollInterval;
        this.defaultApiTimeout = b.defaultApiTimeout;
    }

    public static Builder builder() {
        return new Builder(ClientConfig.builder());
    }

    public Builder toBuilder() {
        Builder b = new Builder(client.toBuilder());
        b.groupId = groupId;
        b.autoOffsetReset = autoOffsetReset;
        b.maxPollRecords = maxPollRecords;
        b.fetchMaxBytes = fetchMaxBytes;
        b.prefetchMemory = prefetchMemory;
        b.readMode = readMode;
        b.fetchIdleBackoff = fetchIdleBackoff;
        b.fetchMaxWait = fetchMaxWait;
        b.enableAutoCommit = enableAutoCommit;
        b.autoCommitInterval = autoCommitInterval;
        b.sessionTimeout = sessionTimeout;
        b.rebalanceTimeout = rebalanceTimeout;
        b.maxPollInterval = maxPollInterval;
        b.defaultApiTimeout = defaultApiTimeout;
        return b;
    }

    /**
     * Settings from Kafka consumer properties: {@code bootstrap.servers} (the endpoint),
     * {@code group.id}, {@code auto.offset.reset} (earliest, latest, none),
     * {@code enable.auto.commit}, {@code auto.commit.interval.ms}, {@code max.poll.records},
     * {@code max.poll.interval.ms}, {@code session.timeout.ms}, {@code default.api.timeout.ms},
     * {@code fetch.max.bytes}, {@code fetch.max.wait.ms}, {@code request.timeout.ms},
     * {@code retry.backoff.ms}, {@code retry.backoff.max.ms}. Kafka-only keys
     * ({@code client.id}, deserializers, {@code heartbeat.interval.ms} which the service
     * decides, security) are ignored; unknown keys are logged.
     *
     * @throws IllegalArgumentException for a bad value, naming its key
     */
    public static ConsumerConfig fromProperties(Map<String, ?> properties) {
        ConfigProperties p = new ConfigProperties(properties);
        Builder b = new Builder(p.readClient(ClientConfig.builder()));
        if (p.has("group.id")) {
            b.groupId(p.string("group.id"));
        }
        if (p.has("auto.offset.reset")) {
            String v = p.string("auto.offset.reset");
            try {
                b.autoOffsetReset(AutoOffsetReset.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ConfigProperties.invalid("auto.offset.reset", v, "expected earliest, latest or none");
            }
        }
        if (p.has("enable.auto.commit")) {
            b.enableAutoCommit(p.bool("enable.auto.commit"));
        }
        if (p.has("auto.commit.interval.ms")) {
            b.autoCommitInterval(p.millis("auto.commit.interval.ms"));
        }
        if (p.has("max.poll.records")) {
            b.maxPollRecords(p.intValue("max.poll.records"));
        }
        if (p.has("max.poll.interval.ms")) {
            b.maxPollInterval(p.millis("max.poll.interval.ms"));
        }
        if (p.has("session.timeout.ms")) {
            b.sessionTimeout(p.millis("session.timeout.ms"));
        }
        if (p.has("default.api.timeout.ms")) {
            b.defaultApiTimeout(p.millis("default.api.timeout.ms"));
        }
        if (p.has("fetch.max.bytes")) {
            b.fetchMaxBytes(p.intValue("fetch.max.bytes"));
        }
        if (p.has("fetch.max.wait.ms")) {
            b.fetchMaxWait(p.millis("fetch.max.wait.ms"));
        }
        p.warnUnknown();
        return b.build();
    }

    public ClientConfig client() {
        return client;
    }

    /** The consumer group ({@code group.id}), for {@code subscribe} and commits; null for none. */
    public String groupId() {
        return groupId;
    }

    /** Where to start without a valid position ({@code auto.offset.reset}). Default LATEST, as Kafka. */
    public AutoOffsetReset autoOffsetReset() {
        return autoOffsetReset;
    }

    /** Most records one {@code poll} returns ({@code max.poll.records}). Default 500. */
    public int maxPollRecords() {
        return maxPollRecords;
    }

    /** Most bytes one read of a partition asks for ({@code fetch.max.bytes}). Default 8 MiB. */
    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    /** Upper bound of records read ahead of {@code poll}, all partitions together. Default 64 MiB. */
    public long prefetchMemory() {
        return prefetchMemory;
    }

    /** How records are read. Default {@link ReadMode#DIRECT_S3}. */
    public ReadMode readMode() {
        return readMode;
    }

    /** At the end of a partition in {@code DIRECT_S3} mode, the wait before looking again. Default 100 ms. */
    public Duration fetchIdleBackoff() {
        return fetchIdleBackoff;
    }

    /** In {@code HTTP_JSON} mode, how long the service may hold a read ({@code fetch.max.wait.ms}). Default 500 ms. */
    public Duration fetchMaxWait() {
        return fetchMaxWait;
    }

    /** Whether the consumer commits on its own ({@code enable.auto.commit}). Default true. */
    public boolean enableAutoCommit() {
        return enableAutoCommit;
    }

    /** How often auto-commit commits ({@code auto.commit.interval.ms}). Default 5 s. */
    public Duration autoCommitInterval() {
        return autoCommitInterval;
    }

    /** How long the group waits for a missing heartbeat ({@code session.timeout.ms}); 6 s to 5 min. Default 45 s. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** How long the consumer may take to give up a revoked partition; at most 5 min. Default 60 s. */
    public Duration rebalanceTimeout() {
        return rebalanceTimeout;
    }

    /** Longest time between polls before the consumer leaves its group ({@code max.poll.interval.ms}). Default 5 min. */
    public Duration maxPollInterval() {
        return maxPollInterval;
    }

    /** How long reads or heartbeats may fail before {@code poll} reports it ({@code default.api.timeout.ms}). Default 60 s. */
    public Duration defaultApiTimeout() {
        return defaultApiTimeout;
    }

    /** Builds a {@link ConsumerConfig}; defaults as documented on the getters. Not thread-safe. */
    public static final class Builder extends ClientConfig.SettingsBuilder<Builder> {
        private String groupId;
        private AutoOffsetReset autoOffsetReset = AutoOffsetReset.LATEST;
        private int maxPollRecords = 500;
        private int fetchMaxBytes = 8 << 20;
        private long prefetchMemory = 64L << 20;
        private ReadMode readMode = ReadMode.DIRECT_S3;
        private Duration fetchIdleBackoff = Duration.ofMillis(100);
        private Duration fetchMaxWait = Duration.ofMillis(500);
        private boolean enableAutoCommit = true;
        private Duration autoCommitInterval = Duration.ofSeconds(5);
        private Duration sessionTimeout = Duration.ofSeconds(45);
        private Duration rebalanceTimeout = Duration.ofSeconds(60);
        private Duration maxPollInterval = Duration.ofMinutes(5);
        private Duration defaultApiTimeout = Duration.ofSeconds(60);

        private Builder(ClientConfig.Builder client) {
            super(client);
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder autoOffsetReset(AutoOffsetReset autoOffsetReset) {
            this.autoOffsetReset = autoOffsetReset;
            return this;
        }

        public Builder maxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        public Builder fetchMaxBytes(int fetchMaxBytes) {
            this.fetchMaxBytes = fetchMaxBytes;
            return this;
        }

        public Builder prefetchMemory(long prefetchMemoryBytes) {
            this.prefetchMemory = prefetchMemoryBytes;
            return this;
        }

        public Builder readMode(ReadMode readMode) {
            this.readMode = readMode;
            return this;
        }

        public Builder fetchIdleBackoff(Duration fetchIdleBackoff) {
            this.fetchIdleBackoff = fetchIdleBackoff;
            return this;
        }

        public Builder fetchMaxWait(Duration fetchMaxWait) {
            this.fetchMaxWait = fetchMaxWait;
            return this;
        }

        public Builder enableAutoCommit(boolean enableAutoCommit) {
            this.enableAutoCommit = enableAutoCommit;
            return this;
        }

        public Builder autoCommitInterval(Duration autoCommitInterval) {
            this.autoCommitInterval = autoCommitInterval;
            return this;
        }

        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        public Builder rebalanceTimeout(Duration rebalanceTimeout) {
            this.rebalanceTimeout = rebalanceTimeout;
            return this;
        }

        public Builder maxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = maxPollInterval;
            return this;
        }

        public Builder defaultApiTimeout(Duration defaultApiTimeout) {
            this.defaultApiTimeout = defaultApiTimeout;
            return this;
        }

        /** @throws IllegalArgumentException for a missing or out-of-range setting */
        public ConsumerConfig build() {
            ClientConfig c = buildClient();
            check(autoOffsetReset != null, "autoOffsetReset is required");
            check(readMode != null, "readMode is required");
            check(maxPollRecords > 0, "maxPollRecords must be > 0");
            check(fetchMaxBytes > 0, "fetchMaxBytes must be > 0");
            check(prefetchMemory > 0, "prefetchMemory must be > 0");
            check(groupId == null || !groupId.isBlank(), "groupId must not be blank");
            check(fetchIdleBackoff != null && !fetchIdleBackoff.isNegative(), "fetchIdleBackoff must be >= 0");
            check(fetchMaxWait != null && !fetchMaxWait.isNegative(), "fetchMaxWait must be >= 0");
            check(autoCommitInterval != null && autoCommitInterval.toMillis() > 0, "autoCommitInterval must be > 0");
            check(sessionTimeout != null && sessionTimeout.toMillis() >= 6000 && sessionTimeout.toMillis() <= 300_000,
                    "sessionTimeout must be between 6 s and 5 min");
            check(rebalanceTimeout != null && rebalanceTimeout.toMillis() >= 1 && rebalanceTimeout.toMillis() <= 300_000,
                    "rebalanceTimeout must be between 1 ms and 5 min");
            check(maxPollInterval != null && maxPollInterval.toMillis() >= 1, "maxPollInterval must be >= 1 ms");
            check(defaultApiTimeout != null && defaultApiTimeout.toMillis() >= 1, "defaultApiTimeout must be >= 1 ms");
            return new ConsumerConfig(this, c);
        }
    }
}
