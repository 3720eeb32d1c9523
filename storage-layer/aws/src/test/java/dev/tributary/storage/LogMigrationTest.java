package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.format.BatchSummary;
import dev.tributary.core.format.ChunkInfo;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.core.format.Segment;
import dev.tributary.core.format.SegmentWriter;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Data written by the first storage model (heads, per-batch index items, per-partition producer
 * state, exactly as that model stored them) stays readable and writable after the migration,
 * and running the migration again, or twice at once, changes nothing.
 */
class LogMigrationTest {
    private final Storage storage = StorageTestSupport.storage();
    private final DynamoDbClient dynamo = dev.tributary.localstack.EmbeddedStack.shared().dynamoDbClient();
    private final DynamoDbTables tables = storage.settings().tables();

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** Writes one v1 commit: a real segment with one batch per partition, heads and index items. */
    private void writeFirstModel(UUID topic, int batchesPerPartition, int partitions, long producerId) {
        long[] next = new long[partitions];
        for (int b = 0; b < batchesPerPartition; b++) {
            SegmentWriter writer = new SegmentWriter();
            for (int p = 0; p < partitions; p++) {
                ByteBuffer batch = RecordBatches.build(List.of(
                        new RecordDraft(1000 + b, null, ("p" + p + "b" + b + "r0").getBytes(StandardCharsets.UTF_8), List.of()),
                        new RecordDraft(1000 + b, null, ("p" + p + "b" + b + "r1").getBytes(StandardCharsets.UTF_8), List.of())),
                        Compression.NONE, producerId, (short) 0, producerId < 0 ? -1 : b * 2);
                writer.append(topic, p, batch, RecordBatches.validate(batch.duplicate(), 1 << 20));
            }
            Segment segment = writer.finish();
            String key = SegmentKeys.newKey();
            storage.segments().put(key, segment.bytes());
            for (ChunkInfo c : segment.chunks()) {
                Map<String, AttributeValue> entry = new HashMap<>();
                entry.put(DynamoDbTables.BATCHES_PK, AttributeValue.fromS(DynamoDbTables.tp(topic, c.partition())));
                entry.put(DynamoDbTables.BATCHES_SK, n(next[c.partition()]));
                entry.put(DynamoDbBatchIndex.RECORD_COUNT, n(c.recordCount()));
                entry.put(DynamoDbBatchIndex.SEGMENT_KEY, AttributeValue.fromS(key));
                entry.put(DynamoDbBatchIndex.POSITION, n(c.position()));
                entry.put(DynamoDbBatchIndex.LENGTH, n(c.length()));
                entry.put(DynamoDbBatchIndex.FIRST_TIMESTAMP, n(c.firstTimestampMs()));
                entry.put(DynamoDbBatchIndex.MAX_TIMESTAMP, n(c.maxTimestampMs()));
                entry.put(DynamoDbBatchIndex.COMMITTED_AT, n(1));
                dynamo.putItem(r -> r.tableName(tables.batches()).item(entry));
                next[c.partition()] += c.recordCount();
            }
        }
        for (int p = 0; p < partitions; p++) {
            Map<String, AttributeValue> head = new HashMap<>(DynamoDbPartitionStore.key(topic, p));
            head.put(DynamoDbPartitionStore.NEXT_OFFSET, n(next[p]));
            head.put(DynamoDbPartitionStore.LOG_START_OFFSET, n(0));
            head.put(DynamoDbPartitionStore.BYTES, n(0));
            head.put(DynamoDbPartitionStore.LAST_APPEND_MS, n(5));
            head.put(DynamoDbPartitionStore.VERSION, n(batchesPerPartition));
            dynamo.putItem(r -> r.tableName(tables.partitions()).item(head));
            if (producerId >= 0) {
                int p2 = p;
                Map<String, AttributeValue> state = new HashMap<>(DynamoDbProducerStore.stateKey(producerId, topic, p));
                state.put(DynamoDbProducerStore.EPOCH, n(0));
                state.put(DynamoDbProducerStore.LAST_SEQ, n(batchesPerPartition * 2L - 1));
                state.put(DynamoDbProducerStore.RECENT, DynamoDbProducerStore.recentToAttribute(List.of(
                        new ProducerState.CommittedBatch((batchesPerPartition - 1) * 2, batchesPerPartition * 2 - 1,
                                next[p2] - 2))));
                dynamo.putItem(r -> r.tableName(tables.producers()).item(state));
            }
        }
    }

    @Test
    void firstModelData_staysReadableAndWritable_andMigratingAgainChangesNothing() {
        Topic topic = storage.topics().create("migrated-" + UUID.randomUUID(), 3, TopicConfig.DEFAULTS);
        UUID id = topic.topicId();
        long pid = storage.producers().allocate().producerId();
        writeFirstModel(id, 4, 3, pid);

        LogMigration migration = storage.migration();
        long written = migration.migrateShard(new ShardId(id, 0));
        assertThat(written).as("one record per old batch, plus the producers' state").isEqualTo(4 * 3 + 1);
        assertThat(migration.migrateShard(new ShardId(id, 0))).as("a second run writes nothing").isZero();

        LogReader reader = new LogReader(storage.shardLog(), 1 << 20);
        for (int p = 0; p < 3; p++) {
            assertThat(reader.head(id, p).nextOffset()).isEqualTo(8);
            BatchEntry e = reader.floor(id, p, 5).orElseThrow();
            List<LogRecord> records = RecordBatches.decode(ByteBuffer.wrap(storage.segments().read(e.segmentKey(),
                    e.position(), e.length())), e.baseOffset(), e.recordCount());
            assertThat(new String(records.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("p" + p + "b2r1");
            assertThat(records.get(1).offset()).isEqualTo(5);
        }
        ShardCommitter committer = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());
        assertThat(committer.commit("segments/m/new.seg", 1, List.of(Logs.plain(id, 1, 1))).get(0).baseOffsets())
                .containsExactly(8L);
        CommitRequest.Outcome retry = committer.commit("segments/m/retry.seg", 1,
                List.of(Logs.idempotent(id, 2, pid, (short) 0, 6, 2))).get(0);
        assertThat(retry.duplicate()).as("the producer's last batch before the migration is still known").isTrue();
        assertThat(retry.baseOffsets()).containsExactly(6L);
        assertThat(committer.commit("segments/m/next.seg", 1, List.of(Logs.idempotent(id, 2, pid, (short) 0, 8, 1)))
                .get(0).baseOffsets()).containsExactly(8L);
    }

    @Test
    void aCommitterMeetingUnmigratedData_migratesTheShardFirst() {
        Topic topic = storage.topics().create("lazy-" + UUID.randomUUID(), 1, TopicConfig.DEFAULTS);
        writeFirstModel(topic.topicId(), 2, 1, -1);
        ShardCommitter committer = storage.newCommitter(Clock.systemUTC(), java.time.Duration.ofDays(1), Runnable::run, r -> { });
        assertThat(committer.commit("segments/m/lazy.seg", 1, List.of(Logs.plain(topic.topicId(), 1, 0))).get(0).baseOffsets())
                .as("appended after the old data, not over it").containsExactly(4L);
    }
}
