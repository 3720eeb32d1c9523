package dev.tributary.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Deletes segment objects nothing references any more: those whose reference item has a live
 * extent count ({@code liveBatches}) of zero and a {@code releasedAtMs} older than the grace
 * period. The grace period must exceed the lifetime of presigned URLs
 * ({@code tributary.fetch.presign-ttl}): a reader that located bytes just before they fell
 * below the log start can still fetch them.
 *
 * <p>Safety: a count reaches zero only when nothing readable points into the object any more,
 * and it goes up again only for the reference a merge or compaction writes with a count of zero
 * before its swap, whose update requires the reference to exist with a count of zero. Each
 * candidate's reference item is re-read strongly consistently, then the references of those
 * still unreferenced since the cutoff are deleted, up to 99 in one transaction with the lease
 * check, each conditioned on its count still being zero, and only then their objects. So a swap
 * either lands first (the reference's delete fails, the object stays) or finds no reference and
 * fails. A crash between the references and the objects leaves objects without references,
 * which the orphan collector deletes.
 *
 * <p>Bounded and resumable: one run deletes at most {@code maxObjects} objects, scanning the
 * segments table from where this instance's previous run stopped. Work runs under the single
 * lease {@value #LEASE}. Thread-safe; runs are serialized.
 */
public final class SegmentCollector {
    static final String LEASE = "gc#segments";
    private static final String CANDIDATE = "#l = :zero AND #r <= :cutoff";
    /** References deleted per transaction: 100 items, minus the lease check. */
    private static final int PAGE = 99;

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
                List<String> candidates = new ArrayList<>();
                page.items().forEach(item -> candidates.add(item.get(DynamoDbTables.SEGMENTS_PK).s()));
                for (int from = 0; from < candidates.size(); from += PAGE) {
                    if (deleted >= maxObjects) {
                        return new Result(deleted, bytes, false, false, false);
                    }
                    List<String> batch = candidates.subList(from, Math.min(candidates.size(),
                            from + Math.min(PAGE, maxObjects - deleted)));
                    Deleted d = collect(batch, cutoff, lease);
                    deleted += d.objects;
                    bytes += d.bytes;
                    if (d.fenced) {
                        return new Result(deleted, bytes, false, true, false);
                    }
                }
                resumeFrom = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (resumeFrom != null);
            return new Result(deleted, bytes, false, false, true);
        } finally {
            leases.release(lease);
        }
    }

    private record Deleted(int objects, long bytes, boolean fenced) {
    }

    /**
     * Re-reads the references of {@code keys} strongly consistently, deletes the references of
     * those still unreferenced since the cutoff in one transaction with the lease check (each
     * conditioned on a count of zero; one whose condition fails is left for a later run), then
     * their objects.
     */
    private Deleted collect(List<String> keys, long cutoff, Lease lease) {
        List<Map<String, AttributeValue>> refs = DynamoDbSegmentReferences.read(dynamo, tables.segments(), keys, Map.of());
        List<String> due = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (Map<String, AttributeValue> ref : refs) {
            if (unreferencedSince(ref, cutoff)) {
                due.add(ref.get(DynamoDbTables.SEGMENTS_PK).s());
                AttributeValue size = ref.get(DynamoDbSegmentReferences.SIZE_BYTES);
                sizes.add(size == null ? 0 : Long.parseLong(size.n()));
            }
        }
        for (int attempt = 1; !due.isEmpty() && attempt <= 3; attempt++) {
            List<TransactWriteItem> deletes = new ArrayList<>();
            for (String key : due) {
                deletes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.segments())
                        .key(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(key))).conditionExpression("#l = :zero")
                        .expressionAttributeNames(Map.of("#l", DynamoDbSegmentReferences.LIVE_EXTENTS))
                        .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"))).build()).build());
            }
            FencedTransaction.Outcome outcome = FencedTransaction.write(dynamo, tables, deletes, lease,
                    "Deleting " + deletes.size() + " segment references");
            switch (outcome.result()) {
                case APPLIED -> {
                    due.forEach(segments::delete);
                    return new Deleted(due.size(), sizes.stream().mapToLong(Long::longValue).sum(), false);
                }
                case FENCED -> {
                    return new Deleted(0, 0, true);
                }
                case CONFLICT -> {
                    // A count went up (a merge's swap landed) or a reference is already gone: leave those.
                    if (outcome.failed().isEmpty()) {
                        return new Deleted(0, 0, false);
                    }
                    for (int i = outcome.failed().size() - 1; i >= 0; i--) {
                        int failed = outcome.failed().get(i);
                        if (failed < due.size()) {
                            due.remove(failed);
                            sizes.remove(failed);
                        }
                    }
                }
            }
        }
        return new Deleted(0, 0, false);
    }

    /** Whether the reference item has a live count of zero since at or before {@code cutoff}. */
    static boolean unreferencedSince(Map<String, AttributeValue> item, long cutoff) {
        AttributeValue live = item.get(DynamoDbSegmentReferences.LIVE_EXTENTS);
        AttributeValue released = item.get(DynamoDbSegmentReferences.RELEASED_AT);
        return live != null && live.n() != null && Long.parseLong(live.n()) == 0
                && released != null && released.n() != null && Long.parseLong(released.n()) <= cutoff;
    }
}
