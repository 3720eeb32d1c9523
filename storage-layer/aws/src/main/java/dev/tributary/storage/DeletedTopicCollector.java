package dev.tributary.storage;

import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Garbage collection of deleted topics: their log items, and the segment objects (with their
 * reference items) that hold data of deleted topics only. A topic is collected once its
 * tombstone is older than {@code grace} (longer than a presigned URL lives, so no reader can
 * still be fetching its bytes), under the lease {@code gc#<topicId>}; every DynamoDB delete is
 * one transaction with a condition check of that lease, so a worker whose lease moved deletes
 * nothing more. A segment that also holds data of a live topic is kept, with its reference.
 *
 * <p>Crash-safe and resumable: a segment's reference item is deleted before its object (a
 * crash in between leaves an unreferenced object, which the orphan collector removes), and a
 * page of log items only after its segments were handled, so a re-run finds whatever is left.
 * The tombstone goes last. Not collected here: producer snapshots of the topic (small, one per
 * 512 records) and committed group offsets (ignored once the topic is re-created).
 * Thread-safe.
 */
public final class DeletedTopicCollector {
    private static final int PAGE = 99;

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final TopicStore topics;
    private final ShardLog log;
    private final SegmentStore segments;
    private final LeaseStore leases;
    private final Clock clock;
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
     */
    public record Result(int topicsCollected, long logItemsDeleted, int segmentsDeleted, int topicsBusy,
                         int topicsFenced, int topicsWaiting) {
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
                    while (true) {
                        List<CommitRecord> page = log.after(shard, 0, PAGE);
                        if (page.isEmpty()) {
                            break;
                        }
                        if (items >= maxLogItems) {
                            complete = false;
                            break shards;
                        }
                        Set<String> keys = new LinkedHashSet<>();
                        page.forEach(r -> {
                            if (r.segmentKey() != null) {
                                keys.add(r.segmentKey());
                            }
                        });
                        for (String key : keys) {
                            switch (collectSegment(key, dead, lease)) {
                                case DELETED -> objects++;
                                case FENCED -> {
                                    fenced++;
                                    complete = false;
                                    break shards;
                                }
                                case KEPT -> { }
                            }
                        }
                        if (!deleteLogItems(page, lease)) {
                            fenced++;
                            complete = false;
                            break shards;
                        }
                        items += page.size();
                    }
                }
                if (complete) {
                    topics.forgetDeleted(t.topicId());
                    collected++;
                }
            } finally {
                leases.release(lease);
            }
        }
        return new Result(collected, items, objects, busy, fenced, waiting);
    }

    private enum SegmentOutcome { DELETED, KEPT, FENCED }

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
                    return SegmentOutcome.KEPT;
                }
            }
            if (!fencedWrite(List.of(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.segments())
                    .key(refKey).build()).build()), lease)) {
                return SegmentOutcome.FENCED;
            }
        }
        // No reference (any more): only this collector removes references of committed segments.
        segments.delete(key);
        return SegmentOutcome.DELETED;
    }

    private boolean deleteLogItems(List<CommitRecord> page, Lease lease) {
        List<TransactWriteItem> deletes = new ArrayList<>(page.size());
        for (CommitRecord r : page) {
            deletes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.log()).key(Map.of(
                    DynamoDbTables.LOG_PK, AttributeValue.fromS(r.shard().key()),
                    DynamoDbTables.LOG_SK, AttributeValue.fromN(Long.toString(r.seq())))).build()).build());
        }
        return fencedWrite(deletes, lease);
    }

    /** {@code writes} plus the lease's condition check, in one transaction; false when the lease moved. */
    private boolean fencedWrite(List<TransactWriteItem> writes, Lease lease) {
        List<TransactWriteItem> items = new ArrayList<>(writes);
        items.add(TransactWriteItem.builder().conditionCheck(DynamoDbLeaseStore.fence(tables, lease)).build());
        try {
            AwsCalls.run("Garbage collection under " + lease.name(), () -> dynamo.transactWriteItems(r -> r.transactItems(items)));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && "ConditionalCheckFailed".equals(
                    e.cancellationReasons().get(items.size() - 1).code())) {
                return false;
            }
            throw Errors.storageUnavailable("Garbage collection under " + lease.name() + " was cancelled", e);
        }
    }
}
