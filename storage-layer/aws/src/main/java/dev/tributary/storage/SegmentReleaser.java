package dev.tributary.storage;

import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.ReplacedExtents;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Releases the segment references of log records that fell wholly below their partitions'
 * log starts: for each such record, its segment's live extent count ({@code liveBatches} on
 * the segments table) drops by the record's extents that no newer override record replaced
 * ({@link ReplacedExtents}: the override's swap already counted those down), and a count that
 * reaches zero gets {@code releasedAtMs} (from the injected clock), after which
 * {@link SegmentCollector} may delete the object once the grace period has passed.
 *
 * <p>A record is released when every offset it gave extents for is below the partition's
 * current start ({@link ReplacedExtents#whollyBelowStart}): for an original record its next
 * offsets, for an override record (merging, compaction) its ranges, so merged objects are
 * released like produce segments. Records are released in sequence order from the shard's
 * frontier ({@link ReclaimFrontiers}); the frontier stops at the first record that still holds
 * a readable offset. Each transaction releases a page of records: one conditional update per
 * segment ({@code liveBatches} equal to the value just read, so a concurrent swap's decrement
 * makes it read again), the frontier's move (conditioned on its previous value) and the lease
 * check. A crash or an ambiguous failure therefore never releases a record twice: a retry of an
 * applied transaction finds the frontier moved and stops.
 *
 * <p>A count lower than what a page releases from it means the counts disagree with the log
 * (they never should): that segment's count is left as it is, so it is never deleted, and the
 * result reports it ({@link Result#segmentsNotCounted()}); the records are still released.
 *
 * <p>Thread-safe; callers hold the shard's lease.
 */
public final class SegmentReleaser {
    /** Segment updates per transaction: 100 items, minus the frontier and the lease check. */
    static final int PAGE = 98;
    private static final int MAX_CONFLICTS = 8;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SegmentReleaser.class);

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final ShardLog log;
    private final ReclaimFrontiers frontiers;
    private final Clock clock;

    public SegmentReleaser(DynamoDbClient dynamo, DynamoDbTables tables, ShardLog log, ReclaimFrontiers frontiers,
                           Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.log = log;
        this.frontiers = frontiers;
        this.clock = clock;
    }

    /**
     * What one call did.
     *
     * @param recordsReleased  records whose extents were released
     * @param extentsReleased  extents released (sum of the decrements)
     * @param segmentsEmptied  segments whose live count reached zero
     * @param fenced           the lease moved; the work stopped
     * @param segmentsNotCounted segments whose count was lower than what was released from them: left
     *                         unchanged (kept), see the class comment
     */
    public record Result(long recordsReleased, long extentsReleased, int segmentsEmptied, boolean fenced,
                         int segmentsNotCounted) {
        static final Result NOTHING = new Result(0, 0, 0, false, 0);
    }

    /** Releases at most about {@code maxRecords} records of {@code shard} under {@code lease}. */
    public Result release(ShardId shard, Lease lease, long maxRecords) {
        Optional<CommitRecord> latestRead = log.latest(shard);
        if (latestRead.isEmpty()) {
            return Result.NOTHING;
        }
        CommitRecord latest = latestRead.get();
        long frontier = frontiers.read(shard).releasedSeq();
        long records = 0;
        long extents = 0;
        int emptied = 0;
        int notCounted = 0;
        ReplacedExtents replaced = ReplacedExtents.of(log, latest, frontier);
        while (records < maxRecords && frontier < latest.seq()) {
            List<CommitRecord> page = new ArrayList<>();
            List<CommitRecord> read = log.after(shard, frontier, PAGE);
            boolean more = read.size() == PAGE;
            for (CommitRecord r : read) {
                if (r.seq() > latest.seq() || !ReplacedExtents.whollyBelowStart(r, latest)) {
                    more = false;
                    break;
                }
                page.add(r);
            }
            if (page.isEmpty()) {
                break;
            }
            long to = page.get(page.size() - 1).seq();
            Map<String, Integer> decrements = new LinkedHashMap<>();
            for (CommitRecord r : page) {
                int live = r.segmentKey() == null ? 0 : replaced.liveExtents(r);
                if (live > 0) {
                    decrements.merge(r.segmentKey(), live, Integer::sum);
                }
            }
            Applied applied = apply(shard, frontier, to, decrements, lease);
            if (applied == null) {
                return new Result(records, extents, emptied, true, notCounted);
            }
            if (applied.frontierMoved) {
                // Another holder (or our own earlier, ambiguous attempt) moved the frontier: re-read.
                frontier = frontiers.read(shard).releasedSeq();
                continue;
            }
            frontier = to;
            records += page.size();
            extents += decrements.values().stream().mapToLong(Integer::longValue).sum();
            emptied += applied.emptied;
            notCounted += applied.notCounted;
            if (!more) {
                break;
            }
        }
        return new Result(records, extents, emptied, false, notCounted);
    }

    private record Applied(boolean frontierMoved, int emptied, int notCounted) {
    }

    /** One transaction: the decrements and the frontier move; null when fenced. */
    private Applied apply(ShardId shard, long from, long to, Map<String, Integer> decrements, Lease lease) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Long> counts = liveCounts(decrements.keySet());
            List<TransactWriteItem> writes = new ArrayList<>();
            int emptied = 0;
            int notCounted = 0;
            long now = clock.millis();
            for (Map.Entry<String, Integer> d : decrements.entrySet()) {
                Long count = counts.get(d.getKey());
                if (count == null || count == 0) {
                    continue; // no count (first storage model) or already released elsewhere
                }
                long left = count - d.getValue();
                if (left < 0) {
                    LOG.warn("Segment {} has {} live extents, {} to release: its count is left as it is (kept)",
                            d.getKey(), count, d.getValue());
                    notCounted++;
                    continue;
                }
                if (left == 0) {
                    emptied++;
                }
                writes.add(decrement(tables, d.getKey(), count, left, now));
            }
            writes.add(ReclaimFrontiers.advance(tables, shard, ReclaimFrontiers.RELEASED, from, to));
            FencedTransaction.Outcome outcome = FencedTransaction.write(dynamo, tables, writes, lease,
                    "Releasing " + shard + " up to " + to);
            switch (outcome.result()) {
                case APPLIED -> {
                    return new Applied(false, emptied, notCounted);
                }
                case FENCED -> {
                    return null;
                }
                case CONFLICT -> {
                    if (outcome.failed().contains(writes.size() - 1)) {
                        return new Applied(true, 0, 0);
                    }
                    // A count changed under us (another releaser of the same segment): read again.
                    if (attempt >= MAX_CONFLICTS) {
                        throw Errors.storageUnavailable("Releasing " + shard + " lost " + attempt + " races", null);
                    }
                }
            }
        }
    }

    /**
     * The conditional update of a segment's live count from {@code count} to {@code left}; when
     * it reaches zero it records when ({@code releasedAtMs}).
     */
    static TransactWriteItem decrement(DynamoDbTables tables, String segmentKey, long count, long left, long nowMs) {
        Map<String, String> names = new HashMap<>(Map.of("#l", DynamoDbSegmentReferences.LIVE_EXTENTS));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":c", AttributeValue.fromN(Long.toString(count)), ":left", AttributeValue.fromN(Long.toString(left))));
        String update = "SET #l = :left";
        if (left == 0) {
            update += ", #r = :now";
            names.put("#r", DynamoDbSegmentReferences.RELEASED_AT);
            values.put(":now", AttributeValue.fromN(Long.toString(nowMs)));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.segments())
                .key(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(segmentKey)))
                .updateExpression(update).conditionExpression("#l = :c")
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    /** The live counts of {@code keys} that have one (strongly consistent). */
    Map<String, Long> liveCounts(java.util.Collection<String> keys) {
        Map<String, Long> counts = new HashMap<>();
        if (keys.isEmpty()) {
            return counts;
        }
        for (Map<String, AttributeValue> item : DynamoDbSegmentReferences.read(dynamo, tables.segments(), keys,
                Map.of("#k", DynamoDbTables.SEGMENTS_PK, "#l", DynamoDbSegmentReferences.LIVE_EXTENTS))) {
            AttributeValue live = item.get(DynamoDbSegmentReferences.LIVE_EXTENTS);
            if (live != null && live.n() != null) {
                counts.put(item.get(DynamoDbTables.SEGMENTS_PK).s(), Long.parseLong(live.n()));
            }
        }
        return counts;
    }
}
