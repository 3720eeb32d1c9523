package dev.tributary.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Deletes segment objects nothing references any more: those whose reference item has a live
 * extent count ({@code liveBatches}) of zero and a {@code releasedAtMs} older than the grace
 * period. The grace period must exceed the lifetime of presigned URLs
 * ({@code tributary.fetch.presign-ttl}): a reader that located bytes just before they fell
 * below the log start can still fetch them.
 *
 * <p>Safety: counts never go up (a reference item is created once, with its count, by the
 * commit; afterwards it is only decremented), so a segment seen at zero stays unreferenced.
 * Each candidate's reference item is re-read strongly consistently before its object is
 * deleted; the reference item goes after the object, in one transaction with the lease check
 * and the condition that the count is still zero. A crash in between leaves a zero-count
 * reference to a missing object, which the next run deletes (S3 deletes are idempotent).
 *
 * <p>Bounded and resumable: one run deletes at most {@code maxObjects} objects, scanning the
 * segments table from where this instance's previous run stopped. Work runs under the single
 * lease {@value #LEASE}. Thread-safe; runs are serialized.
 */
public final class SegmentCollector {
    static final String LEASE = "gc#segments";
    private static final String CANDIDATE = "#l = :zero AND #r <= :cutoff";

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final SegmentStore segments;
    private final LeaseStore leases;
    private final Clock clock;
    private final String owner = "segment-gc-" + UUID.randomUUID();
    /** Where the previous run's scan stopped; null to start from the beginning. */
    private Map<String, AttributeValue> resumeFrom;

    public SegmentCollector(DynamoDbClient dynamo, DynamoDbTables tables, SegmentStore segments, LeaseStore leases,
                            Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.segments = segments;
        this.leases = leases;
        this.clock = clock;
    }

    /**
     * What one run did.
     *
     * @param objectsDeleted segment objects deleted, with their reference items
     * @param bytesDeleted   their sizes, as recorded at commit
     * @param busy           another worker held the lease; nothing was done
     * @param fenced         the lease moved during the run; the work stopped
     * @param complete       the scan reached the end of the table
     */
    public record Result(int objectsDeleted, long bytesDeleted, boolean busy, boolean fenced, boolean complete) {
    }

    /** One run. */
    public synchronized Result collect(Duration grace, Duration leaseDuration, int maxObjects) {
        Lease lease = leases.acquire(LEASE, owner, leaseDuration).orElse(null);
        if (lease == null) {
            return new Result(0, 0, true, false, false);
        }
        try {
            long cutoff = clock.millis() - grace.toMillis();
            int deleted = 0;
            long bytes = 0;
            do {
                Map<String, AttributeValue> start = resumeFrom;
                ScanResponse page = AwsCalls.call("Scanning segment references", () -> dynamo.scan(r -> r
                        .tableName(tables.segments()).exclusiveStartKey(start).filterExpression(CANDIDATE)
                        .expressionAttributeNames(Map.of("#l", DynamoDbSegmentReferences.LIVE_EXTENTS,
                                "#r", DynamoDbSegmentReferences.RELEASED_AT))
                        .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"),
                                ":cutoff", AttributeValue.fromN(Long.toString(cutoff))))));
                for (Map<String, AttributeValue> item : page.items()) {
                    if (deleted >= maxObjects) {
                        return new Result(deleted, bytes, false, false, false);
                    }
                    String key = item.get(DynamoDbTables.SEGMENTS_PK).s();
                    switch (collect(key, cutoff, lease)) {
                        case DELETED -> {
                            deleted++;
                            AttributeValue size = item.get(DynamoDbSegmentReferences.SIZE_BYTES);
                            bytes += size == null ? 0 : Long.parseLong(size.n());
                        }
                        case FENCED -> {
                            return new Result(deleted, bytes, false, true, false);
                        }
                        case KEPT -> { }
                    }
                }
                resumeFrom = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (resumeFrom != null);
            return new Result(deleted, bytes, false, false, true);
        } finally {
            leases.release(lease);
        }
    }

    private enum Outcome { DELETED, KEPT, FENCED }

    private Outcome collect(String key, long cutoff, Lease lease) {
        Map<String, AttributeValue> refKey = Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(key));
        GetItemResponse ref = AwsCalls.call("Reading the reference of " + key, () -> dynamo.getItem(r -> r
                .tableName(tables.segments()).key(refKey).consistentRead(true)));
        if (!ref.hasItem() || !unreferencedSince(ref.item(), cutoff)) {
            return Outcome.KEPT;
        }
        segments.delete(key);
        FencedTransaction.Outcome outcome = FencedTransaction.write(dynamo, tables, List.of(TransactWriteItem.builder()
                .delete(Delete.builder().tableName(tables.segments()).key(refKey).conditionExpression("#l = :zero")
                        .expressionAttributeNames(Map.of("#l", DynamoDbSegmentReferences.LIVE_EXTENTS))
                        .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"))).build()).build()),
                lease, "Deleting the reference of " + key);
        return switch (outcome.result()) {
            case APPLIED -> Outcome.DELETED;
            case FENCED -> Outcome.FENCED;
            case CONFLICT -> Outcome.KEPT; // already gone (an ambiguous earlier attempt)
        };
    }

    /** Whether the reference item has a live count of zero since at or before {@code cutoff}. */
    static boolean unreferencedSince(Map<String, AttributeValue> item, long cutoff) {
        AttributeValue live = item.get(DynamoDbSegmentReferences.LIVE_EXTENTS);
        AttributeValue released = item.get(DynamoDbSegmentReferences.RELEASED_AT);
        return live != null && live.n() != null && Long.parseLong(live.n()) == 0
                && released != null && released.n() != null && Long.parseLong(released.n()) <= cutoff;
    }
}
