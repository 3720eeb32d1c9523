package dev.tributary.storage;

import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import dev.tributary.storage.log.SnapshotRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Deletes the log records of a live shard that nothing needs any more: those already released
 * ({@link SegmentReleaser}: every extent below its partition's start) and older than the
 * latest producer-state snapshot's record, since a cold committer loads that snapshot and
 * replays only the records after it. The newest record and the snapshot's record always stay;
 * once records were trimmed, the shard's snapshots older than the latest one are deleted too.
 *
 * <p>Records are deleted in ascending order, a page per transaction together with the
 * frontier's {@code trimmedSeq} and the lease check, so the deleted records are always a prefix
 * of the log. That prefix is what readers rely on instead of a marker: a record that is missing
 * lies below every partition's start ({@link dev.tributary.storage.log.LogReader} treats it as
 * "before any readable offset"), and searches that start from the oldest record
 * ({@link dev.tributary.storage.log.RetentionPlanner}) start after it. Thread-safe; callers
 * hold the shard's lease.
 */
public final class LogTrimmer {
    /** Deletes per transaction: 100 items, minus the frontier and the lease check. */
    static final int PAGE = 98;

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final ShardLog log;
    private final ReclaimFrontiers frontiers;

    private final SegmentStore objects;

    public LogTrimmer(DynamoDbClient dynamo, DynamoDbTables tables, ShardLog log, ReclaimFrontiers frontiers,
                      SegmentStore objects) {
        this.objects = objects;
        this.dynamo = dynamo;
        this.tables = tables;
        this.log = log;
        this.frontiers = frontiers;
    }

    /**
     * What one call did.
     *
     * @param itemsDeleted     log records deleted
     * @param snapshotsDeleted producer snapshots older than the latest one deleted
     * @param fenced           the lease moved; the work stopped
     */
    public record Result(long itemsDeleted, int snapshotsDeleted, boolean fenced) {
    }

    /** The highest sequence number that may be trimmed, given the shard's newest record and frontier. */
    public static long trimmable(CommitRecord latest, ReclaimFrontiers.Frontier frontier) {
        if (latest.snapshot() == null) {
            return 0;
        }
        return Math.min(frontier.releasedSeq(), latest.snapshot().seq() - 1);
    }

    /** Deletes at most about {@code maxItems} records of {@code shard} under {@code lease}. */
    public Result trim(ShardId shard, Lease lease, long maxItems) {
        Optional<CommitRecord> latest = log.latest(shard);
        if (latest.isEmpty()) {
            return new Result(0, 0, false);
        }
        ReclaimFrontiers.Frontier frontier = frontiers.read(shard);
        long bound = trimmable(latest.get(), frontier);
        long from = frontier.trimmedSeq();
        long deleted = 0;
        while (from < bound && deleted < maxItems) {
            long to = Math.min(bound, from + PAGE);
            List<TransactWriteItem> writes = new ArrayList<>(PAGE + 1);
            for (long seq = from + 1; seq <= to; seq++) {
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.log()).key(Map.of(
                        DynamoDbTables.LOG_PK, AttributeValue.fromS(shard.key()),
                        DynamoDbTables.LOG_SK, AttributeValue.fromN(Long.toString(seq)))).build()).build());
            }
            writes.add(ReclaimFrontiers.advance(tables, shard, ReclaimFrontiers.TRIMMED, from, to));
            FencedTransaction.Outcome outcome = FencedTransaction.write(dynamo, tables, writes, lease,
                    "Trimming " + shard + " up to " + to);
            switch (outcome.result()) {
                case APPLIED -> {
                    deleted += to - from;
                    from = to;
                }
                case FENCED -> {
                    return new Result(deleted, 0, true);
                }
                case CONFLICT -> {
                    long now = frontiers.read(shard).trimmedSeq();
                    if (now <= from) {
                        return new Result(deleted, 0, false);
                    }
                    from = now;
                }
            }
        }
        return new Result(deleted, deleted > 0 ? deleteOlderSnapshots(shard, latest.get().snapshot().seq()) : 0, false);
    }

    /**
     * Deletes the shard's producer snapshots taken before record {@code latestSnapshotSeq}: a
     * cold committer loads only the latest (newer ones, written concurrently, are kept).
     */
    private int deleteOlderSnapshots(ShardId shard, long latestSnapshotSeq) {
        List<String> old = new ArrayList<>();
        objects.listUnder(SnapshotRef.prefix(shard), o -> {
            long seq = SnapshotRef.seqOf(shard, o.key());
            if (seq >= 0 && seq < latestSnapshotSeq) {
                old.add(o.key());
            }
        });
        old.forEach(objects::delete);
        return old.size();
    }
}
