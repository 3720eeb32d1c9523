package dev.tributary.storage;

import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.Extent;
import dev.tributary.storage.log.ProducerRun;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts data written by the first storage model (partition heads, a batch-index item per
 * batch, producer state per partition) into shard-log records, so it stays readable and
 * writable under the shard-log model. Nothing is copied in S3: the records point at the same
 * segment bytes.
 *
 * <p>Per shard the records are a pure function of the old items (one record per old batch
 * entry, by partition then offset; then one record with the producers' recent batches), and
 * each is written with the log's "sequence number is free" condition. So a migration that
 * crashes midway, or two that run at once, end with the same log: a later run checks the
 * records already there and writes the rest. A shard whose log already holds anything else is
 * left alone and reported.
 *
 * <p>When every topic is done a marker item ({@code migration#v2}, leases table) says so, and
 * committers stop checking. Thread-safe.
 */
public final class LogMigration {
    private static final Logger LOG = LoggerFactory.getLogger(LogMigration.class);
    static final String MARKER = "migration#v2";
    private static final int INDEX_PAGE = 500;

    private final TopicStore topics;
    private final PartitionStore legacyHeads;
    private final BatchIndex legacyIndex;
    private final ProducerStore producers;
    private final ShardLog log;
    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private volatile boolean done;

    public LogMigration(TopicStore topics, PartitionStore legacyHeads, BatchIndex legacyIndex, ProducerStore producers,
                        ShardLog log, DynamoDbClient dynamo, DynamoDbTables tables) {
        this.topics = topics;
        this.legacyHeads = legacyHeads;
        this.legacyIndex = legacyIndex;
        this.producers = producers;
        this.log = log;
        this.dynamo = dynamo;
        this.tables = tables;
    }

    /** What a run did. */
    public record Report(int topics, int shardsMigrated, long recordsWritten) {
    }

    /** Migrates every live topic, then records that the migration is complete. */
    public Report migrateAll() {
        int shards = 0;
        long records = 0;
        List<Topic> all = topics.list();
        for (Topic t : all) {
            for (int s = 0; s < ShardId.shardCount(t.partitions()); s++) {
                long written = migrateShard(new ShardId(t.topicId(), s));
                if (written > 0) {
                    shards++;
                    records += written;
                }
            }
        }
        AwsCalls.run("Recording the v2 migration", () -> dynamo.putItem(r -> r.tableName(tables.leases())
                .item(Map.of(DynamoDbTables.LEASES_PK, AttributeValue.fromS(MARKER),
                        "completedTopics", AttributeValue.fromN(Integer.toString(all.size()))))));
        done = true;
        if (records > 0) {
            LOG.info("Migrated {} shard(s) of {} topic(s) to the shard log ({} records)", shards, all.size(), records);
        }
        return new Report(all.size(), shards, records);
    }

    /** Whether a complete migration was recorded (cached once true). */
    public boolean complete() {
        if (!done) {
            done = AwsCalls.call("Reading the v2 migration marker", () -> dynamo.getItem(r -> r.tableName(tables.leases())
                    .consistentRead(true).key(Map.of(DynamoDbTables.LEASES_PK, AttributeValue.fromS(MARKER))))).hasItem();
        }
        return done;
    }

    /**
     * Migrates one shard if it holds data of the first model; returns the records written
     * (0 when there was nothing to do).
     *
     * @throws IllegalStateException when the shard's log holds records that are not this migration's
     */
    public long migrateShard(ShardId shard) {
        List<CommitRecord> plan = plan(shard);
        if (plan.isEmpty()) {
            return 0;
        }
        long written = 0;
        long start = log.latest(shard).map(CommitRecord::seq).orElse(0L);
        for (long seq = 1; seq <= Math.min(start, plan.size()); seq++) {
            CommitRecord planned = plan.get((int) seq - 1);
            if (!same(planned, log.get(shard, seq).orElse(null))) {
                throw new IllegalStateException("Shard " + shard + " holds records that are not a migration of its "
                        + "first-model data (at " + seq + "); it was written before being migrated.");
            }
        }
        for (int i = (int) Math.min(start, plan.size()); i < plan.size(); i++) {
            CommitRecord r = plan.get(i);
            if (log.append(r)) {
                written++;
            } else if (!same(r, log.get(shard, r.seq()).orElse(null))) {
                throw new IllegalStateException("Shard " + shard + " got a foreign record at " + r.seq() + " while migrating.");
            }
        }
        return written;
    }

    /** The records that represent the shard's first-model data; empty when it has none. */
    List<CommitRecord> plan(ShardId shard) {
        UUID topic = shard.topicId();
        int first = shard.firstPartition();
        List<PartitionHead> heads = legacyHeads.heads(topic, first + ShardId.PARTITIONS_PER_SHARD)
                .subList(first, first + ShardId.PARTITIONS_PER_SHARD);
        if (heads.stream().allMatch(h -> h.nextOffset() == 0)) {
            return List.of();
        }
        List<CommitRecord> records = new ArrayList<>();
        long[] next = new long[ShardId.PARTITIONS_PER_SHARD];
        long[] starts = new long[ShardId.PARTITIONS_PER_SHARD];
        long maxTs = -1;
        long lastCommit = 0;
        for (PartitionHead head : heads) {
            int p = head.partition();
            int slot = shard.slot(p);
            starts[slot] = head.logStartOffset();
            next[slot] = head.logStartOffset();
            long after = -1;
            while (next[slot] < head.nextOffset()) {
                List<BatchEntry> page = legacyIndex.after(topic, p, after, INDEX_PAGE);
                if (page.isEmpty()) {
                    throw new IllegalStateException("Partition " + p + " of " + topic + " ends at " + head.nextOffset()
                            + " but its batch index stops at " + next[slot]);
                }
                for (BatchEntry e : page) {
                    after = e.baseOffset();
                    if (e.nextOffset() <= next[slot]) {
                        continue;
                    }
                    if (e.baseOffset() != next[slot]) {
                        throw new IllegalStateException("Partition " + p + " of " + topic + " has a gap at " + next[slot]);
                    }
                    next[slot] = e.nextOffset();
                    maxTs = Math.max(maxTs, e.maxTimestampMs());
                    lastCommit = Math.max(lastCommit, head.lastAppendMs());
                    records.add(new CommitRecord(shard, records.size() + 1, e.segmentKey(), head.lastAppendMs(), maxTs,
                            trim(next), trim(starts), List.of(new Extent(p, e.position(), e.length(), e.recordCount(),
                                    e.firstTimestampMs(), e.maxTimestampMs())), List.of(), null));
                }
            }
        }
        List<ProducerRun> runs = new ArrayList<>();
        producers.legacyStates(topic).forEach((pid, byPartition) -> byPartition.forEach((p, state) -> {
            if (p >= first && p < first + ShardId.PARTITIONS_PER_SHARD) {
                for (ProducerState.CommittedBatch b : state.recent()) {
                    runs.add(new ProducerRun(p, pid, state.epoch(), b.firstSequence(), b.lastSequence(), b.baseOffset()));
                }
            }
        }));
        if (!runs.isEmpty()) {
            runs.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : a.producerId() != b.producerId() ? Long.compare(a.producerId(), b.producerId())
                    : Integer.compare(a.firstSequence(), b.firstSequence()));
            records.add(new CommitRecord(shard, records.size() + 1, null, lastCommit, maxTs, trim(next), trim(starts),
                    List.of(), runs, null));
        }
        return records;
    }

    /** The vector up to its last non-zero slot, as committers write it. */
    private static long[] trim(long[] vector) {
        int n = vector.length;
        while (n > 0 && vector[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(vector, n);
    }

    private static boolean same(CommitRecord a, CommitRecord b) {
        return b != null && a.seq() == b.seq() && Objects.equals(a.segmentKey(), b.segmentKey())
                && Arrays.equals(trim(a.nextOffsets()), trim(b.nextOffsets())) && a.extents().equals(b.extents())
                && a.runs().equals(b.runs());
    }
}
