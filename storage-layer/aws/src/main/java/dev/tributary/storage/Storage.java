package dev.tributary.storage;

import java.time.Clock;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardLog;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * All stores over one set of AWS clients, built from {@link StorageSettings}. Closing it
 * closes the clients. Thread-safe.
 */
public final class Storage implements AutoCloseable {
    /** Bound of the per-instance cache of commit records (immutable, shared by all readers). */
    private static final long LOG_CACHE_BYTES = 64L << 20;
    private final StorageSettings settings;
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final TopicStore topics;
    private final DynamoDbShardLog shardLog;
    private final LogReader logReader;
    private final PartitionStore legacyPartitions;
    private final BatchIndex legacyBatchIndex;
    private final LogMigration migration;
    private final S3SegmentStore segments;
    private final SegmentReferences segmentReferences;
    private final ProducerStore producers;
    private final GroupStore groups;
    private final ApiKeyStore apiKeys;
    private final AclStore acls;
    private final QuotaStore quotas;
    private final LeaseStore leases;
    private final DeletedTopicCollector deletedTopics;
    private final ReclaimFrontiers frontiers;
    private final SegmentReleaser releaser;
    private final LogTrimmer trimmer;
    private final SegmentCollector segmentCollector;
    private final StaleOffsetCollector staleOffsets;
    private final MaintenanceHistory maintenanceHistory;

    private final AutoCloseable owned;

    public Storage(StorageSettings settings, Clock clock) {
        this(settings, clock, () -> { });
    }

    /** Storage that also closes {@code owned} (e.g. the embedded servers it talks to) when closed. */
    public Storage(StorageSettings settings, Clock clock, AutoCloseable owned) {
        this(settings, clock, owned, StorageInterceptors.NONE, AwsCallObserver.NONE);
    }

    /** Storage whose AWS clients also run {@code interceptors} on every call. */
    public Storage(StorageSettings settings, Clock clock, AutoCloseable owned, StorageInterceptors interceptors) {
        this(settings, clock, owned, interceptors, AwsCallObserver.NONE);
    }

    /**
     * Storage whose AWS clients also run {@code interceptors} on every call, and report every
     * completed S3 and DynamoDB call to {@code observer}.
     */
    public Storage(StorageSettings settings, Clock clock, AutoCloseable owned, StorageInterceptors interceptors,
                   AwsCallObserver observer) {
        this.settings = settings;
        this.owned = owned;
        AwsCredentialsProvider credentials = settings.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        Region region = Region.of(settings.region());
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofSeconds(10))
                .apiCallTimeout(Duration.ofSeconds(30))
                .build();
        var dynamoBuilder = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .overrideConfiguration(overrides.toBuilder().executionInterceptors(interceptors.dynamoDb())
                        .addExecutionInterceptor(new ObservingInterceptor("DynamoDB", observer)).build())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(settings.maxConnections()));
        if (settings.dynamoDbEndpoint() != null) {
            dynamoBuilder.endpointOverride(settings.dynamoDbEndpoint());
        }
        this.dynamo = dynamoBuilder.build();
        S3Configuration s3Config = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        // Segments carry their own CRC-32C per batch and for the footer, verified on every read;
        // the SDK's default trailing checksums would only add aws-chunked framing to each PUT.
        var s3Builder = S3Client.builder().region(region).credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(s3Config)
                .overrideConfiguration(overrides.toBuilder().executionInterceptors(interceptors.s3())
                        .addExecutionInterceptor(new ObservingInterceptor("S3", observer)).build())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(settings.maxConnections()));
        var presignerBuilder = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        if (settings.s3Endpoint() != null) {
            s3Builder.endpointOverride(settings.s3Endpoint());
            presignerBuilder.endpointOverride(settings.s3Endpoint());
        }
        this.s3 = s3Builder.build();
        this.presigner = presignerBuilder.build();

        DynamoDbTables tables = settings.tables();
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
        this.topics = new DynamoDbTopicStore(enhanced, tables, clock);
        this.shardLog = new DynamoDbShardLog(dynamo, enhanced, tables, Backoff.STORAGE);
        this.logReader = new LogReader(shardLog, LOG_CACHE_BYTES);
        this.legacyPartitions = new DynamoDbPartitionStore(dynamo, tables);
        this.legacyBatchIndex = new DynamoDbBatchIndex(dynamo, tables);
        this.segments = new S3SegmentStore(s3, presigner, settings.bucket());
        this.segmentReferences = new DynamoDbSegmentReferences(dynamo, tables);
        this.producers = new DynamoDbProducerStore(dynamo, tables);
        this.migration = new LogMigration(topics, legacyPartitions, legacyBatchIndex, producers, shardLog, dynamo, tables);
        this.groups = new DynamoDbGroupStore(dynamo, tables, clock);
        this.apiKeys = new DynamoDbApiKeyStore(dynamo, tables);
        this.acls = new DynamoDbAclStore(dynamo, tables);
        this.quotas = new DynamoDbQuotaStore(dynamo, tables);
        this.leases = new DynamoDbLeaseStore(dynamo, tables, clock);
        this.deletedTopics = new DeletedTopicCollector(dynamo, tables, topics, shardLog, segments, leases, clock);
        this.frontiers = new ReclaimFrontiers(dynamo, tables);
        this.releaser = new SegmentReleaser(dynamo, tables, shardLog, frontiers, clock);
        this.trimmer = new LogTrimmer(dynamo, tables, shardLog, frontiers, segments);
        this.segmentCollector = new SegmentCollector(dynamo, tables, segments, leases, clock);
        this.staleOffsets = new StaleOffsetCollector(dynamo, tables, topics, clock);
        this.maintenanceHistory = new MaintenanceHistory(dynamo, tables);
    }

    public StorageSettings settings() { return settings; }
    public TopicStore topics() { return topics; }
    /** Partition heads, from the shard logs. */
    public PartitionStore partitions() { return logReader; }
    /** Where offsets live, from the shard logs. */
    public BatchIndex batchIndex() { return logReader; }
    public ShardLog shardLog() { return shardLog; }
    public LogReader logReader() { return logReader; }
    /** Heads of the first storage model, read only to migrate them. */
    public PartitionStore legacyPartitions() { return legacyPartitions; }
    /** The batch index of the first storage model, read only to migrate it. */
    public BatchIndex legacyBatchIndex() { return legacyBatchIndex; }

    /**
     * A committer over these stores' shard logs. {@code onCommitted} sees every record it writes
     * (the read side's cache and long polls use it); producer snapshots are written on
     * {@code snapshotExecutor}.
     */
    public ShardCommitter newCommitter(Clock clock, Duration producerStateRetention, Executor snapshotExecutor,
                                       Consumer<CommitRecord> onCommitted) {
        return new ShardCommitter(shardLog, segments, clock, producerStateRetention, snapshotExecutor, record -> {
            logReader.remember(record);
            onCommitted.accept(record);
        }, shard -> {
            if (!migration.complete()) {
                migration.migrateShard(shard);
            }
        });
    }

    /** Converts data of the first storage model into the shard logs (see {@link LogMigration}). */
    public LogMigration migration() {
        return migration;
    }
    public SegmentStore segments() { return segments; }
    public SegmentReferences segmentReferences() { return segmentReferences; }
    public ProducerStore producers() { return producers; }
    public GroupStore groups() { return groups; }
    public ApiKeyStore apiKeys() { return apiKeys; }
    public AclStore acls() { return acls; }
    public QuotaStore quotas() { return quotas; }
    /** Leases with fencing epochs for maintenance workers. */
    public LeaseStore leases() { return leases; }
    /** Garbage collection of deleted topics' log items and segments. */
    public DeletedTopicCollector deletedTopics() { return deletedTopics; }
    /** How far each shard's storage below its log start has been reclaimed. */
    public ReclaimFrontiers reclaimFrontiers() { return frontiers; }
    /** Releases segment references of records below the log start. */
    public SegmentReleaser segmentReleaser() { return releaser; }
    /** Deletes log records below the log start that nothing needs. */
    public LogTrimmer logTrimmer() { return trimmer; }
    /** Deletes segment objects nothing references. */
    public SegmentCollector segmentCollector() { return segmentCollector; }
    /** Deletes committed offsets of deleted (or re-created) topics. */
    public StaleOffsetCollector staleOffsets() { return staleOffsets; }
    /** The latest maintenance runs of every instance. */
    public MaintenanceHistory maintenanceHistory() { return maintenanceHistory; }

    /** Cheap reachability check of both services, for health endpoints. */
    public void ping() {
        AwsCalls.run("Reaching DynamoDB", () -> dynamo.describeTable(r -> r.tableName(settings.tables().topics())));
        AwsCalls.run("Reaching S3", () -> s3.headBucket(r -> r.bucket(settings.bucket())));
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
        dynamo.close();
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the storage back end", e);
        }
    }
}
