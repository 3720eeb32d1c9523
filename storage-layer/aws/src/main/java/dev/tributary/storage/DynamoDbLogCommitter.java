package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link LogCommitter} as one DynamoDB {@code TransactWriteItems} per segment.
 *
 * <p>For every chunk the transaction (a) advances the partition head from the
 * {@code nextOffset} it expects to {@code nextOffset + recordCount}, conditioned on the
 * expected value, and (b) puts the batch-index entry at the expected offset, conditioned on
 * its absence; and once per segment (c) adds the chunk count to the segment's reference
 * item, which garbage collection reads. Heads and index change together, so offsets stay
 * dense and no reader sees offset N+1 before N.
 *
 * <p>Expected heads come from a cache of this committer's own last commits and are re-read
 * (strongly consistent) only after a lost race, so the uncontended path costs one write
 * request. After an ambiguous failure (the request may or may not have been applied) the
 * next attempt first checks whether the index entry it wrote is there, so a commit that
 * did succeed is never applied twice.
 *
 * <p>Uses the low-level client: the Enhanced client's transactions cannot express
 * {@code ADD} or {@code if_not_exists} update expressions. Thread-safe.
 */
public final class DynamoDbLogCommitter implements LogCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLogCommitter.class);
    static final String LIVE_BATCHES = "liveBatches";
    static final String SIZE_BYTES = "sizeBytes";
    static final String CREATED_AT = "createdAtMs";

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final Clock clock;
    private final int maxAttempts;
    private final Map<String, Long> knownNextOffsets = new ConcurrentHashMap<>();

    public DynamoDbLogCommitter(DynamoDbClient dynamo, DynamoDbTables tables, Clock clock) {
        this(dynamo, tables, clock, 64);
    }

    public DynamoDbLogCommitter(DynamoDbClient dynamo, DynamoDbTables tables, Clock clock, int maxAttempts) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public List<Long> commit(String segmentKey, long segmentBytes, List<ChunkAppend> chunks) {
        validate(chunks);
        Map<String, Long> expected = new HashMap<>();
        Set<String> toRead = new HashSet<>();
        for (ChunkAppend c : chunks) {
            String tp = DynamoDbTables.tp(c.topicId(), c.partition());
            Long known = knownNextOffsets.get(tp);
            if (known == null) {
                toRead.add(tp);
            } else {
                expected.put(tp, known);
            }
        }
        if (!toRead.isEmpty()) {
            expected.putAll(readHeads(chunks, toRead));
        }
        boolean ambiguous = false;
        SdkException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            List<Long> bases = new ArrayList<>(chunks.size());
            for (ChunkAppend c : chunks) {
                bases.add(expected.get(DynamoDbTables.tp(c.topicId(), c.partition())));
            }
            if (ambiguous && alreadyCommitted(segmentKey, chunks.get(0), bases.get(0))) {
                remember(chunks, bases);
                return bases;
            }
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items(segmentKey, segmentBytes, chunks, bases))
                        .clientRequestToken(UUID.randomUUID().toString()));
                remember(chunks, bases);
                return bases;
            } catch (TransactionCanceledException e) {
                last = e;
                ambiguous = false;
                if (hasConditionFailure(e)) {
                    for (ChunkAppend c : chunks) {
                        knownNextOffsets.remove(DynamoDbTables.tp(c.topicId(), c.partition()));
                    }
                    expected = readHeads(chunks, null);
                } else {
                    // TransactionConflict or throttling: someone else is writing these items right now.
                    backoff(attempt);
                }
            } catch (SdkException e) {
                last = e;
                if (AwsCalls.isThrottle(e)) {
                    backoff(attempt);
                } else {
                    ambiguous = true;
                    LOG.debug("Commit attempt {} of segment {} failed ambiguously", attempt, segmentKey, e);
                    backoff(attempt);
                }
            }
        }
        if (last != null && AwsCalls.isThrottle(last)) {
            throw Errors.throttled("Committing a segment", last);
        }
        throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Could not commit segment " + segmentKey + " after "
                + maxAttempts + " attempts: " + (last == null ? "contention" : last.getMessage()), last);
    }

    /** Forgets cached heads, e.g. after retention moved them in another process. */
    public void invalidate(UUID topicId, int partition) {
        knownNextOffsets.remove(DynamoDbTables.tp(topicId, partition));
    }

    private List<TransactWriteItem> items(String segmentKey, long segmentBytes, List<ChunkAppend> chunks, List<Long> bases) {
        long now = clock.millis();
        List<TransactWriteItem> items = new ArrayList<>(chunks.size() * 2 + 1);
        for (int i = 0; i < chunks.size(); i++) {
            ChunkAppend c = chunks.get(i);
            long base = bases.get(i);
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":next", num(base + c.recordCount()));
            values.put(":now", num(now));
            values.put(":zero", num(0));
            values.put(":one", num(1));
            values.put(":bytes", num(c.length()));
            String condition;
            if (base == 0) {
                condition = "attribute_not_exists(nextOffset) OR nextOffset = :zero";
            } else {
                condition = "nextOffset = :expected";
                values.put(":expected", num(base));
            }
            items.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(tables.partitions())
                    .key(DynamoDbPartitionStore.key(c.topicId(), c.partition()))
                    .updateExpression("SET nextOffset = :next, lastAppendMs = :now, "
                            + "logStartOffset = if_not_exists(logStartOffset, :zero), "
                            + "#v = if_not_exists(#v, :zero) + :one, #b = if_not_exists(#b, :zero) + :bytes")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#v", DynamoDbPartitionStore.VERSION, "#b", DynamoDbPartitionStore.BYTES))
                    .expressionAttributeValues(values)
                    .build()).build());
            Map<String, AttributeValue> entry = new HashMap<>();
            entry.put(DynamoDbTables.BATCHES_PK, AttributeValue.fromS(DynamoDbTables.tp(c.topicId(), c.partition())));
            entry.put(DynamoDbTables.BATCHES_SK, num(base));
            entry.put(DynamoDbBatchIndex.RECORD_COUNT, num(c.recordCount()));
            entry.put(DynamoDbBatchIndex.SEGMENT_KEY, AttributeValue.fromS(segmentKey));
            entry.put(DynamoDbBatchIndex.POSITION, num(c.position()));
            entry.put(DynamoDbBatchIndex.LENGTH, num(c.length()));
            entry.put(DynamoDbBatchIndex.FIRST_TIMESTAMP, num(c.firstTimestampMs()));
            entry.put(DynamoDbBatchIndex.MAX_TIMESTAMP, num(c.maxTimestampMs()));
            entry.put(DynamoDbBatchIndex.COMMITTED_AT, num(now));
            items.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(tables.batches()).item(entry)
                    .conditionExpression("attribute_not_exists(#tp)")
                    .expressionAttributeNames(Map.of("#tp", DynamoDbTables.BATCHES_PK))
                    .build()).build());
        }
        items.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.segments())
                .key(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(segmentKey)))
                .updateExpression("ADD " + LIVE_BATCHES + " :n SET " + SIZE_BYTES + " = :s, "
                        + CREATED_AT + " = if_not_exists(" + CREATED_AT + ", :now)")
                .expressionAttributeValues(Map.of(":n", num(chunks.size()), ":s", num(segmentBytes), ":now", num(now)))
                .build()).build());
        return items;
    }

    private Map<String, Long> readHeads(List<ChunkAppend> chunks, Set<String> only) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, Long> heads = new HashMap<>();
        for (ChunkAppend c : chunks) {
            String tp = DynamoDbTables.tp(c.topicId(), c.partition());
            if (only == null || only.contains(tp)) {
                keys.add(DynamoDbPartitionStore.key(c.topicId(), c.partition()));
                heads.put(tp, 0L);
            }
        }
        Map<String, KeysAndAttributes> request = Map.of(tables.partitions(),
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        int rounds = 0;
        while (!request.isEmpty() && !request.values().iterator().next().keys().isEmpty()) {
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse response = AwsCalls.call("Reading partition heads",
                    () -> dynamo.batchGetItem(r -> r.requestItems(current)));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tables.partitions(), List.of())) {
                String tp = item.get(DynamoDbTables.PARTITIONS_PK).s() + "#" + item.get(DynamoDbTables.PARTITIONS_SK).n();
                heads.put(tp, DynamoDbPartitionStore.num(item, DynamoDbPartitionStore.NEXT_OFFSET));
            }
            request = response.unprocessedKeys();
            if (!request.isEmpty()) {
                backoff(++rounds);
            }
        }
        return heads;
    }

    private boolean alreadyCommitted(String segmentKey, ChunkAppend first, long base) {
        GetItemResponse item = AwsCalls.call("Checking an earlier commit", () -> dynamo.getItem(r -> r
                .tableName(tables.batches()).consistentRead(true)
                .key(Map.of(DynamoDbTables.BATCHES_PK, AttributeValue.fromS(DynamoDbTables.tp(first.topicId(), first.partition())),
                        DynamoDbTables.BATCHES_SK, num(base)))));
        return item.hasItem() && item.item().containsKey(DynamoDbBatchIndex.SEGMENT_KEY)
                && segmentKey.equals(item.item().get(DynamoDbBatchIndex.SEGMENT_KEY).s());
    }

    private void remember(List<ChunkAppend> chunks, List<Long> bases) {
        for (int i = 0; i < chunks.size(); i++) {
            ChunkAppend c = chunks.get(i);
            knownNextOffsets.put(DynamoDbTables.tp(c.topicId(), c.partition()), bases.get(i) + c.recordCount());
        }
    }

    private static boolean hasConditionFailure(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        for (CancellationReason reason : e.cancellationReasons()) {
            if ("ConditionalCheckFailed".equals(reason.code())) {
                return true;
            }
        }
        return false;
    }

    private static void validate(List<ChunkAppend> chunks) {
        if (chunks.isEmpty() || chunks.size() > MAX_CHUNKS) {
            throw new IllegalArgumentException("a commit takes 1.." + MAX_CHUNKS + " chunks, not " + chunks.size());
        }
        Set<String> seen = new HashSet<>();
        for (ChunkAppend c : chunks) {
            if (!seen.add(DynamoDbTables.tp(c.topicId(), c.partition()))) {
                throw new IllegalArgumentException("two chunks for partition " + c.partition() + " of " + c.topicId());
            }
        }
    }

    private static void backoff(int attempt) {
        long capMs = Math.min(200, 2L << Math.min(attempt, 7));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, capMs + 1) * 1_000_000L);
    }

    private static AttributeValue num(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
