package dev.tributary.storage;

import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.ReplacedExtents;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import dev.tributary.storage.log.SnapshotRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Garbage collection of deleted topics: their log items, and the segment objects (with their
 * reference items) that hold data of deleted topics only. A topic is collected once its
 * tombstone is older than {@code grace} (longer than a presigned URL lives, so no reader can
 * still be fetching its bytes), under the lease {@code gc#<topicId>}; every DynamoDB delete is
 * one transaction with a condition check of that lease, so a worker whose lease moved deletes
 * nothing more. A segment that also holds data of a live topic is kept, with its reference;
 * the deleted topic's share of its live extent count is released in the transaction that
 * deletes the log items, so the segment goes when the live side's count reaches zero
 * ({@link SegmentCollector}).
 *
 * <p>Crash-safe and resumable: a segment's reference item is deleted before its object (a
 * crash in between leaves an unreferenced object, which the orphan collector removes), and a
 * page of log items only after its segments were handled, so a re-run finds whatever is left.
 * Then the topic's producer snapshots and producer-state items go, and the tombstone last.
 * Committed group offsets are keyed by topic name; {@link StaleOffsetCollector} removes them.
 * Thread-safe.
 */
public final class DeletedTopicCollector {
    /** Log items per transaction: with a segment update each, the frontier and the lease check, at most 100. */
    private static final int PAGE = 48;
    private static final int MAX_CONFLICTS = 8;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeletedTopicCollector.class);

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final TopicStore topics;
    private final ShardLog log;
    private final SegmentStore segments;
    private final LeaseStore leases;
    private final Clock clock;
    private final ReclaimFrontiers frontiers;
    private final String owner = "gc-" + UUID.randomUUID();

    public DeletedTopicCollector(DynamoDbClient dynamo, DynamoDbTables tables, TopicStore topics, ShardLog log,
                                 SegmentStore segments, LeaseStore leases, Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.topics = topics;
        this.log = log;
        this.segments = segments;
        this.leases = leases;
        this.clock = clock;
        this.frontiers = new ReclaimFrontiers(dynamo, tables);
    }

    /**
     * What one pass did.
     *
     * @param topicsCollected deleted topics whose data is now entirely gone (tombstone removed)
     * @param logItemsDeleted log records deleted
     * @param segmentsDeleted segment objects (and references) deleted
     * @param topicsBusy      topics skipped because another worker held their lease
     * @param topicsFenced    topics whose collection stopped because the lease moved
     * @param topicsWaiting   deleted topics still inside the grace period
     * @param leftoversDeleted producer snapshots and producer-state items of the collected topics deleted
     */
    public record Result(int topicsCollected, long logItemsDeleted, int segmentsDeleted, int topicsBusy,
                         int topicsFenced, int topicsWaiting, int leftoversDeleted) {
    }

    /** One pass over the deleted topics, deleting at most about {@code maxLogItems} log items. */
    public Result collect(Duration grace, Duration leaseDuration, int maxLogItems) {
        List<Topic> deleted = topics.deletedTopics();
        long now = clock.millis();
        // Only topics past the grace period count as dead: a shared segment waits for the last one.
        Set<UUID> dead = new HashSet<>();
        deleted.stream().filter(t -> t.createdAtMs() + grace.toMillis() <= now).forEach(t -> dead.add(t.topicId()));
        int collected = 0;
        long items = 0;
        int objects = 0;
        int busy = 0;
        int fenced = 0;
        int waiting = 0;
        int snapshots = 0;
        for (Topic t : deleted) {
            if (!dead.contains(t.topicId())) {
                waiting++;
                continue;
            }
            if (items >= maxLogItems) {
                break;
            }
            Lease lease = leases.acquire("gc#" + t.topicId(), owner, leaseDuration).orElse(null);
            if (lease == null) {
                busy++;
                continue;
            }
            try {
                boolean complete = true;
                shards:
                for (int s = 0; s < ShardId.shardCount(t.partitions()); s++) {
                    ShardId shard = new ShardId(t.topicId(), s);
                    int conflicts = 0;
                    ReplacedExtents replaced = log.latest(shard).map(l -> ReplacedExtents.of(log, l, 0)).orElse(null);
                    while (true) {
                        List<CommitRecord> page = log.after(shard, 0, PAGE);
                        if (page.isEmpty()) {
                            frontiers.forget(shard);
                            break;
                        }
                        if (items >= maxLogItems) {
                            complete = false;
                            break shards;
                        }
                        long released = frontiers.read(shard).releasedSeq();
                        Set<String> keys = new LinkedHashSet<>();
                        page.forEach(r -> {
                            if (r.segmentKey() != null) {
                                keys.add(r.segmentKey());
                            }
                        });
                        Map<String, Long> shared = new HashMap<>();
                        for (String key : keys) {
                            SegmentOutcome outcome = collectSegment(key, dead, lease);
                            switch (outcome.kind()) {
                                case DELETED -> objects++;
                                case FENCED -> {
                                    fenced++;
                                    complete = false;
                                    break shards;
                                }
                                case KEPT -> {
                                    if (outcome.liveCount() != null) {
                                        shared.put(key, outcome.liveCount());
                                    }
                                }
                            }
                        }
                        switch (deletePage(shard, page, released, shared, replaced, lease)) {
                            case APPLIED -> items += page.size();
                            case FENCED -> {
                                fenced++;
                                complete = false;
                                break shards;
                            }
                            case CONFLICT -> {
                                // A count or the frontier moved under us: read the page again.
                                if (++conflicts > MAX_CONFLICTS) {
                                    complete = false;
                                    break shards;
                                }
                            }
                        }
                    }
                }
                if (complete) {
                    snapshots += deleteLeftovers(t.topicId());
                    topics.forgetDeleted(t.topicId());
                    collected++;
                }
            } finally {
                leases.release(lease);
            }
        }
        return new Result(collected, items, objects, busy, fenced, waiting, snapshots);
    }

    /**
     * Deletes what a collected topic leaves outside its log and segments: its producer-state
     * snapshots and the producer-state items the first storage model kept per partition. Both
     * are keyed by the topic id, which is never reused, so nothing live can match.
     */
    private int deleteLeftovers(UUID topicId) {
        List<String> snapshots = new ArrayList<>();
        segments.listUnder(SnapshotRef.prefix(topicId), o -> snapshots.add(o.key()));
        snapshots.forEach(segments::delete);
        List<Map<String, AttributeValue>> states = new ArrayList<>();
        AwsCalls.run("Finding producer states of " + topicId, () -> dynamo.scanPaginator(b -> b.tableName(tables.producers())
                        .filterExpression("begins_with(#sk, :p)")
                        .projectionExpression("#pk, #sk")
                        .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PRODUCERS_PK, "#sk", DynamoDbTables.PRODUCERS_SK))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(topicId + "#"))))
                .items().forEach(states::add));
        for (Map<String, AttributeValue> key : states) {
            AwsCalls.run("Deleting a producer state of " + topicId, () -> dynamo.deleteItem(b -> b
                    .tableName(tables.producers()).key(key)));
        }
        return snapshots.size() + states.size();
    }

    private enum Kind { DELETED, KEPT, FENCED }

    /** What happened to a segment; for one kept because a live topic uses it, its live count as read. */
    private record SegmentOutcome(Kind kind, Long liveCount) {
    }

    /** Deletes a segment (reference, then object) unless a live topic still has data in it. */
    private SegmentOutcome collectSegment(String key, Set<UUID> dead, Lease lease) {
        Map<String, AttributeValue> refKey = Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(key));
        GetItemResponse ref = AwsCalls.call("Reading the reference of " + key, () -> dynamo.getItem(r -> r
                .tableName(tables.segments()).key(refKey).consistentRead(true)));
        if (ref.hasItem()) {
            AttributeValue at = ref.item().get("records");
            List<String> records = at == null || !at.hasSs() ? List.of() : at.ss();
            for (String shardAtSeq : records) {
                UUID topic = UUID.fromString(shardAtSeq.substring(0, shardAtSeq.indexOf('/')));
                if (!dead.contains(topic)) {
                    AttributeValue live = ref.item().get(DynamoDbSegmentReferences.LIVE_EXTENTS);
                    return new SegmentOutcome(Kind.KEPT, live == null || live.n() == null ? null : Long.parseLong(live.n()));
                }
            }
            if (!fencedWrite(List.of(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.segments())
                    .key(refKey).build()).build()), lease)) {
                return new SegmentOutcome(Kind.FENCED, null);
            }
        }
        // No reference (any more): only this collector removes references of committed segments.
        segments.delete(key);
        return new SegmentOutcome(Kind.DELETED, null);
    }

    /**
     * Deletes a page of log items and, in the same transaction, releases the deleted topic's
     * extents in segments a live topic still uses (those of records after the shard's release
     * frontier, which moves past the page), so the live side alone decides when such a segment
     * is unreferenced ({@link SegmentCollector}). A record's share is its extents that no newer
     * override replaced ({@link ReplacedExtents}: the override's swap counted the others down). A
     * count lower than the share is left as it is (the segment is kept) rather than clamped.
     */
    private FencedTransaction.Result deletePage(ShardId shard, List<CommitRecord> page, long releasedSeq,
                                                Map<String, Long> sharedCounts, ReplacedExtents replaced, Lease lease) {
        List<TransactWriteItem> writes = new ArrayList<>(page.size() * 2 + 1);
        for (CommitRecord r : page) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.log()).key(Map.of(
                    DynamoDbTables.LOG_PK, AttributeValue.fromS(r.shard().key()),
                    DynamoDbTables.LOG_SK, AttributeValue.fromN(Long.toString(r.seq())))).build()).build());
        }
        Map<String, Integer> decrements = new HashMap<>();
        for (CommitRecord r : page) {
            int live = replaced == null ? r.extents().size() : replaced.liveExtents(r);
            if (r.seq() > releasedSeq && sharedCounts.containsKey(r.segmentKey()) && live > 0) {
                decrements.merge(r.segmentKey(), live, Integer::sum);
            }
        }
        long now = clock.millis();
        decrements.forEach((key, n) -> {
            long count = sharedCounts.get(key);
            if (count >= n) {
                writes.add(SegmentReleaser.decrement(tables, key, count, count - n, now));
            } else {
                LOG.warn("Segment {} has {} live extents, {} to release with a deleted topic: kept", key, count, n);
            }
        });
        long last = page.get(page.size() - 1).seq();
        if (last > releasedSeq) {
            writes.add(ReclaimFrontiers.advance(tables, shard, ReclaimFrontiers.RELEASED, releasedSeq, last));
        }
        return FencedTransaction.write(dynamo, tables, writes, lease, "Garbage collection under " + lease.name()).result();
    }

    /** {@code writes} plus the lease's condition check, in one transaction; false when the lease moved. */
    private boolean fencedWrite(List<TransactWriteItem> writes, Lease lease) {
        return FencedTransaction.write(dynamo, tables, writes, lease, "Garbage collection under " + lease.name())
                .result() != FencedTransaction.Result.FENCED;
    }
}
