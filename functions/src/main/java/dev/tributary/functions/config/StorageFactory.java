package dev.tributary.functions.config;

import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.storage.BatchIndex;
import dev.tributary.storage.GroupStore;
import dev.tributary.storage.LogCommitter;
import dev.tributary.storage.OrphanScanner;
import dev.tributary.storage.PartitionStore;
import dev.tributary.storage.ProducerStore;
import dev.tributary.storage.SegmentStore;
import dev.tributary.storage.Storage;
import dev.tributary.storage.StorageSettings;
import dev.tributary.storage.TopicStore;
import dev.tributary.storage.log.LogReader;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import jakarta.inject.Named;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wires the storage layer from {@link TributaryConfig}. Each store is its own bean so tests
 * can replace one (say, a {@link LogCommitter} that fails after the S3 PUT).
 */
@Factory
public class StorageFactory {
    private static final String SNAPSHOTS = "producer-snapshots";

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    Ticker ticker() {
        return Ticker.SYSTEM;
    }

    /** Eager: a server that cannot reach its storage should fail at start, not on the first request. */
    @Context
    @Bean(preDestroy = "close")
    Storage storage(TributaryConfig config, Clock clock) {
        TributaryConfig.StorageConfig s = config.getStorage();
        if (s.getMode().equals("embedded")) {
            EmbeddedStorage.Started started = EmbeddedStorage.start(s);
            return new Storage(started.settings(), clock, started.stack());
        }
        StorageSettings settings = switch (s.getMode()) {
            case "aws" -> new StorageSettings(s.getRegion(), s.getNamePrefix(), s.getBucket(),
                    uri(s.getS3Endpoint()), uri(s.getDynamodbEndpoint()), blankToNull(s.getAccessKeyId()),
                    blankToNull(s.getSecretAccessKey()), s.isPathStyle(), s.getMaxConnections());
            default -> throw new IllegalArgumentException(
                    "tributary.storage.mode must be 'embedded' or 'aws', not '" + s.getMode() + "'");
        };
        return new Storage(settings, clock);
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
                              @Named(SNAPSHOTS) ExecutorService snapshotExecutor) {
        return storage.newCommitter(clock, config.getProduce().getProducerStateRetention(), snapshotExecutor, record -> {
        });
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
