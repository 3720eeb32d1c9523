package dev.tributary.functions.config;

import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.functions.metrics.AwsCallMetrics;
import dev.tributary.functions.metrics.TimedLogCommitter;
import dev.tributary.storage.BatchIndex;
import dev.tributary.storage.GroupStore;
import dev.tributary.storage.LogCommitter;
import dev.tributary.storage.OrphanScanner;
import dev.tributary.storage.PartitionStore;
import dev.tributary.storage.ProducerStore;
import dev.tributary.storage.SegmentStore;
import dev.tributary.storage.Storage;
import dev.tributary.storage.StorageInterceptors;
import dev.tributary.storage.StorageSettings;
import dev.tributary.storage.TopicStore;
import dev.tributary.storage.log.LogReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import jakarta.inject.Named;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wires the storage layer from {@link TributaryConfig}. Each store is its own bean so tests
 * can replace one (say, a {@link LogCommitter} that fails after the S3 PUT). A
 * {@link StorageInterceptors} bean, when one is registered (reliability tests inject storage
 * faults this way), is installed on the AWS clients; production registers none.
 */
@Factory
public class StorageFactory {
    private static final String SNAPSHOTS = "producer-snapshots";

    /**
     * The system clock, shifted by {@code tributary.testing.clock-offset-ms} (default 0): the
     * reliability suite runs instances whose clocks disagree, as machines' clocks do.
     */
    @Singleton
    Clock clock(@Value("${tributary.testing.clock-offset-ms:0}") long offsetMs) {
        return offsetMs == 0 ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), java.time.Duration.ofMillis(offsetMs));
    }

    @Singleton
    Ticker ticker() {
        return Ticker.SYSTEM;
    }

    /** Eager: a server that cannot reach its storage should fail at start, not on the first request. */
    @Context
    @Bean(preDestroy = "close")
    Storage storage(TributaryConfig config, Clock clock, @Nullable StorageInterceptors interceptors,
                    AwsCallMetrics awsCalls) {
        TributaryConfig.StorageConfig s = config.getStorage();
        StorageInterceptors hooks = interceptors == null ? StorageInterceptors.NONE : interceptors;
        if (s.getMode().equals("embedded")) {
            EmbeddedStorage.Started started = EmbeddedStorage.start(s);
            return new Storage(started.settings(), clock, started.stack(), hooks, awsCalls);
        }
        StorageSettings settings = switch (s.getMode()) {
            case "aws" -> new StorageSettings(s.getRegion(), s.getNamePrefix(), s.getBucket(),
                    uri(s.getS3Endpoint()), uri(s.getDynamodbEndpoint()), blankToNull(s.getAccessKeyId()),
                    blankToNull(s.getSecretAccessKey()), s.isPathStyle(), s.getMaxConnections());
            default -> throw new IllegalArgumentException(
                    "tributary.storage.mode must be 'embedded' or 'aws', not '" + s.getMode() + "'");
        };
        return new Storage(settings, clock, () -> { }, hooks, awsCalls);
    }

    @Singleton
    TopicStore topicStore(Storage storage) {
        return storage.topics();
    }

    @Singleton
    PartitionStore partitionStore(Storage storage) {
        return storage.partitions();
    }

    @Singleton
    LogReader logReader(Storage storage) {
        return storage.logReader();
    }

    @Singleton
    BatchIndex batchIndex(Storage storage) {
        return storage.batchIndex();
    }

    @Singleton
    @Named(SNAPSHOTS)
    @Bean(preDestroy = "shutdown")
    ExecutorService snapshotExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "producer-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    @Singleton
    LogCommitter logCommitter(Storage storage, Clock clock, TributaryConfig config,
                              @Named(SNAPSHOTS) ExecutorService snapshotExecutor, MeterRegistry registry) {
        return new TimedLogCommitter(storage.newCommitter(clock, config.getProduce().getProducerStateRetention(),
                snapshotExecutor, record -> { }), registry);
    }

    @Singleton
    SegmentStore segmentStore(Storage storage) {
        return storage.segments();
    }

    @Singleton
    ProducerStore producerStore(Storage storage) {
        return storage.producers();
    }

    @Singleton
    GroupStore groupStore(Storage storage) {
        return storage.groups();
    }

    @Singleton
    dev.tributary.storage.ApiKeyStore apiKeyStore(Storage storage) {
        return storage.apiKeys();
    }

    @Singleton
    dev.tributary.storage.AclStore aclStore(Storage storage) {
        return storage.acls();
    }

    @Singleton
    dev.tributary.storage.QuotaStore quotaStore(Storage storage) {
        return storage.quotas();
    }

    @Singleton
    OrphanScanner orphanScanner(SegmentStore segments, Storage storage, Clock clock) {
        return new OrphanScanner(segments, storage.segmentReferences(), clock);
    }

    private static URI uri(String value) {
        return value == null || value.isBlank() ? null : URI.create(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
