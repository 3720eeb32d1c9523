package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
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
 * its absence. For every idempotent producer in the segment it (c) advances the producer's
 * per-partition sequence state, conditioned on the state it expects, and (d) checks the
 * producer's epoch is still current (a fenced zombie's write fails here). Once per segment
 * it (e) adds the chunk count to the segment's reference item, which garbage collection
 * reads. Heads and index change together, so offsets stay dense and no reader sees offset
 * N+1 before N.
 *
 * <p>Expected heads and producer states come from a cache of this committer's own commits
 * and are re-read (strongly consistent, in one BatchGetItem) only when missing or after a
 * lost race, so the uncontended path costs one write request. After an ambiguous failure
 * (the request may or may not have been applied) the next attempt first checks whether the
 * index entry it wrote is there, so a commit that did succeed is never applied twice.
 *
 * <p>Uses the low-level client: the Enhanced client's transactions cannot express
 * {@code ADD} or {@code if_not_exists} update expressions. Thread-safe.
 */
public final class DynamoDbLogCommitter implements LogCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLogCommitter.class);
    static final String LIVE_BATCHES = "liveBatches";
    static final String SIZE_BYTES = "sizeBytes";
    static final String CREATED_AT = "createdAtMs";

    private enum Kind { HEAD, INDEX, PRODUCER_STATE, PRODUCER_EPOCH, SEGMENT }

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final Clock clock;
    private final int maxAttempts;
    private final Map<String, Long> knownNextOffsets = new ConcurrentHashMap<>();
    /** Producer state per {@code pid|tp}; an empty Optional means "known to have no state item". */
    private final Map<String, Optional<ProducerState>> knownProducerStates = new ConcurrentHashMap<>();

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
        Map<String, Long> heads = new HashMap<>();
        Map<String, Optional<ProducerState>> states = new HashMap<>();
        Set<String> headsToRead = new HashSet<>();
        Set<String> statesToRead = new HashSet<>();
        for (ChunkAppend c : chunks) {
            String tp = tp(c);
            Long known = knownNextOffsets.get(tp);
            if (known == null) {
                headsToRead.add(tp);
            } else {
                heads.put(tp, known);
            }
            for (ProducerRun r : c.producers()) {
                String key = producerKey(r.producerId(), tp);
                Optional<ProducerState> s = knownProducerStates.get(key);
                if (s == null) {
                    statesToRead.add(key);
                } else {
                    states.put(key, s);
                }
            }
        }
        read(chunks, headsToRead, statesToRead, heads, states);

        boolean ambiguous = false;
        SdkException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            List<Long> bases = new ArrayList<>(chunks.size());
            for (ChunkAppend c : chunks) {
                bases.add(heads.get(tp(c)));
            }
            if (ambiguous && alreadyCommitted(segmentKey, chunks.get(0), bases.get(0))) {
                forgetProducers(chunks);
                rememberHeads(chunks, bases);
                return bases;
            }
            Plan plan = plan(segmentKey, segmentBytes, chunks, bases, states);
            try {
                dynamo.transactWriteItems(r -> r.transactItems(plan.items).clientRequestToken(UUID.randomUUID().toString()));
                rememberHeads(chunks, bases);
                plan.newStates.forEach((k, v) -> knownProducerStates.put(k, Optional.of(v)));
                return bases;
            } catch (TransactionCanceledException e) {
                last = e;
                ambiguous = false;
                Set<Kind> failed = failedKinds(e, plan.kinds);
                if (failed.contains(Kind.PRODUCER_EPOCH)) {
                    forgetProducers(chunks);
                    throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "A producer in this segment was fenced by a newer "
                            + "epoch while its batch was being written; retry (a fenced producer then gets PRODUCER_FENCED).");
                }
                if (failed.isEmpty()) {
                    // TransactionConflict or throttling: someone else is writing these items right now.
                    backoff(attempt);
                    continue;
                }
                if (failed.contains(Kind.HEAD) || failed.contains(Kind.INDEX)) {
                    chunks.forEach(c -> knownNextOffsets.remove(tp(c)));
                    heads.clear();
                    read(chunks, allHeads(chunks), Set.of(), heads, states);
                }
                if (failed.contains(Kind.PRODUCER_STATE)) {
                    forgetProducers(chunks);
                    states.clear();
                    read(chunks, Set.of(), allProducerKeys(chunks), heads, states);
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

    private record Plan(List<TransactWriteItem> items, List<Kind> kinds, Map<String, ProducerState> newStates) {
    }

    private Plan plan(String segmentKey, long segmentBytes, List<ChunkAppend> chunks, List<Long> bases,
                      Map<String, Optional<ProducerState>> states) {
        long now = clock.millis();
        List<TransactWriteItem> items = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        Map<String, ProducerState> newStates = new LinkedHashMap<>();
        Map<String, Optional<ProducerState>> expectedStates = new LinkedHashMap<>();
        Map<String, long[]> stateOwner = new HashMap<>();
        Map<Long, Short> epochs = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            ChunkAppend c = chunks.get(i);
            long base = bases.get(i);
            items.add(headUpdate(c, base, now));
            kinds.add(Kind.HEAD);
            items.add(indexPut(segmentKey, c, base, now));
            kinds.add(Kind.INDEX);
            for (ProducerRun r : c.producers()) {
                String key = producerKey(r.producerId(), tp(c));
                Optional<ProducerState> before = newStates.containsKey(key)
                        ? Optional.of(newStates.get(key)) : states.getOrDefault(key, Optional.empty());
                expectedStates.putIfAbsent(key, states.getOrDefault(key, Optional.empty()));
                newStates.put(key, advance(before, r, base));
                stateOwner.put(key, new long[] {r.producerId(), i});
                epochs.merge(r.producerId(), r.epoch(), (a, b) -> (short) Math.max(a, b));
            }
        }
        for (Map.Entry<String, ProducerState> e : newStates.entrySet()) {
            long[] owner = stateOwner.get(e.getKey());
            ChunkAppend c = chunks.get((int) owner[1]);
            items.add(producerStateUpdate(owner[0], c, expectedStates.get(e.getKey()), e.getValue(), now));
            kinds.add(Kind.PRODUCER_STATE);
        }
        for (Map.Entry<Long, Short> e : epochs.entrySet()) {
            items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                    .tableName(tables.producers()).key(DynamoDbProducerStore.metaKey(e.getKey()))
                    .conditionExpression("#e = :e")
                    .expressionAttributeNames(Map.of("#e", DynamoDbProducerStore.EPOCH))
                    .expressionAttributeValues(Map.of(":e", num(e.getValue())))
                    .build()).build());
            kinds.add(Kind.PRODUCER_EPOCH);
        }
        items.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.segments())
                .key(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(segmentKey)))
                .updateExpression("ADD " + LIVE_BATCHES + " :n SET " + SIZE_BYTES + " = :s, "
                        + CREATED_AT + " = if_not_exists(" + CREATED_AT + ", :now)")
                .expressionAttributeValues(Map.of(":n", num(chunks.size()), ":s", num(segmentBytes), ":now", num(now)))
                .build()).build());
        kinds.add(Kind.SEGMENT);
        return new Plan(items, kinds, newStates);
    }

    /** The state after {@code run}; a sequence that does not follow {@code before} cannot be committed. */
    private static ProducerState advance(Optional<ProducerState> before, ProducerRun run, long chunkBase) {
        if (before.isPresent()) {
            ProducerState s = before.get();
            boolean follows = run.epoch() == s.epoch() ? run.firstSequence() == s.lastSequence() + 1
                    : run.epoch() > s.epoch() && run.firstSequence() == 0;
            if (!follows) {
                throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Producer " + run.producerId() + " (epoch "
                        + run.epoch() + ") sent sequence " + run.firstSequence() + " but the log holds epoch " + s.epoch()
                        + " up to sequence " + s.lastSequence() + "; another request changed it concurrently. Retry.");
            }
        } else if (run.firstSequence() != 0) {
            throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Producer " + run.producerId()
                    + " has no committed sequence on this partition yet its batch starts at sequence "
                    + run.firstSequence() + "; retry.");
        }
        List<ProducerState.CommittedBatch> recent = new ArrayList<>();
        before.ifPresent(s -> {
            if (s.epoch() == run.epoch()) {
                recent.addAll(s.recent());
            }
        });
        recent.add(new ProducerState.CommittedBatch(run.firstSequence(), run.lastSequence(), chunkBase + run.recordOffsetInChunk()));
        while (recent.size() > ProducerState.RECENT_BATCHES) {
            recent.remove(0);
        }
        return new ProducerState(run.epoch(), run.lastSequence(), recent);
    }

    private TransactWriteItem headUpdate(ChunkAppend c, long base, long now) {
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
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.partitions())
                .key(DynamoDbPartitionStore.key(c.topicId(), c.partition()))
                .updateExpression("SET nextOffset = :next, lastAppendMs = :now, "
                        + "logStartOffset = if_not_exists(logStartOffset, :zero), "
                        + "#v = if_not_exists(#v, :zero) + :one, #b = if_not_exists(#b, :zero) + :bytes")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#v", DynamoDbPartitionStore.VERSION, "#b", DynamoDbPartitionStore.BYTES))
                .expressionAttributeValues(values)
                .build()).build();
    }

    private TransactWriteItem indexPut(String segmentKey, ChunkAppend c, long base, long now) {
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put(DynamoDbTables.BATCHES_PK, AttributeValue.fromS(tp(c)));
        entry.put(DynamoDbTables.BATCHES_SK, num(base));
        entry.put(DynamoDbBatchIndex.RECORD_COUNT, num(c.recordCount()));
        entry.put(DynamoDbBatchIndex.SEGMENT_KEY, AttributeValue.fromS(segmentKey));
        entry.put(DynamoDbBatchIndex.POSITION, num(c.position()));
        entry.put(DynamoDbBatchIndex.LENGTH, num(c.length()));
        entry.put(DynamoDbBatchIndex.FIRST_TIMESTAMP, num(c.firstTimestampMs()));
        entry.put(DynamoDbBatchIndex.MAX_TIMESTAMP, num(c.maxTimestampMs()));
        entry.put(DynamoDbBatchIndex.COMMITTED_AT, num(now));
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(tables.batches()).item(entry)
                .conditionExpression("attribute_not_exists(#tp)")
                .expressionAttributeNames(Map.of("#tp", DynamoDbTables.BATCHES_PK))
                .build()).build();
    }

    private TransactWriteItem producerStateUpdate(long producerId, ChunkAppend c, Optional<ProducerState> expected,
                                                  ProducerState next, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":e", num(next.epoch()));
        values.put(":l", num(next.lastSequence()));
        values.put(":r", DynamoDbProducerStore.recentToAttribute(next.recent()));
        values.put(":now", num(now));
        String condition;
        if (expected.isPresent()) {
            condition = "#e = :pe AND #l = :pl";
            values.put(":pe", num(expected.get().epoch()));
            values.put(":pl", num(expected.get().lastSequence()));
        } else {
            condition = "attribute_not_exists(#l)";
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.producers())
                .key(DynamoDbProducerStore.stateKey(producerId, c.topicId(), c.partition()))
                .updateExpression("SET #e = :e, #l = :l, #r = :r, updatedAtMs = :now")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#e", DynamoDbProducerStore.EPOCH, "#l", DynamoDbProducerStore.LAST_SEQ,
                        "#r", DynamoDbProducerStore.RECENT))
                .expressionAttributeValues(values)
                .build()).build();
    }

    /** Reads the named heads and producer states in one strongly consistent BatchGetItem (paged). */
    private void read(List<ChunkAppend> chunks, Set<String> headTps, Set<String> producerKeys,
                      Map<String, Long> heads, Map<String, Optional<ProducerState>> states) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        List<Map<String, AttributeValue>> producerItemKeys = new ArrayList<>();
        for (ChunkAppend c : chunks) {
            String tp = tp(c);
            if (headTps.contains(tp)) {
                keys.add(DynamoDbPartitionStore.key(c.topicId(), c.partition()));
                heads.put(tp, 0L);
            }
            for (ProducerRun r : c.producers()) {
                String key = producerKey(r.producerId(), tp);
                if (producerKeys.contains(key) && !states.containsKey(key)) {
                    producerItemKeys.add(DynamoDbProducerStore.stateKey(r.producerId(), c.topicId(), c.partition()));
                    states.put(key, Optional.empty());
                }
            }
        }
        Map<String, KeysAndAttributes> request = new HashMap<>();
        if (!keys.isEmpty()) {
            request.put(tables.partitions(), KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        }
        if (!producerItemKeys.isEmpty()) {
            request.put(tables.producers(), KeysAndAttributes.builder().keys(producerItemKeys).consistentRead(true).build());
        }
        int rounds = 0;
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse response = AwsCalls.call("Reading partition heads",
                    () -> dynamo.batchGetItem(r -> r.requestItems(current)));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tables.partitions(), List.of())) {
                String tp = item.get(DynamoDbTables.PARTITIONS_PK).s() + "#" + item.get(DynamoDbTables.PARTITIONS_SK).n();
                heads.put(tp, DynamoDbPartitionStore.num(item, DynamoDbPartitionStore.NEXT_OFFSET));
            }
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tables.producers(), List.of())) {
                if (item.containsKey(DynamoDbProducerStore.LAST_SEQ)) {
                    String pid = item.get(DynamoDbTables.PRODUCERS_PK).s().substring("pid#".length());
                    states.put(pid + "|" + item.get(DynamoDbTables.PRODUCERS_SK).s(), Optional.of(DynamoDbProducerStore.fromItem(item)));
                }
            }
            request = response.unprocessedKeys();
            if (!request.isEmpty()) {
                backoff(++rounds);
            }
        }
    }

    private boolean alreadyCommitted(String segmentKey, ChunkAppend first, long base) {
        GetItemResponse item = AwsCalls.call("Checking an earlier commit", () -> dynamo.getItem(r -> r
                .tableName(tables.batches()).consistentRead(true)
                .key(Map.of(DynamoDbTables.BATCHES_PK, AttributeValue.fromS(tp(first)), DynamoDbTables.BATCHES_SK, num(base)))));
        return item.hasItem() && item.item().containsKey(DynamoDbBatchIndex.SEGMENT_KEY)
                && segmentKey.equals(item.item().get(DynamoDbBatchIndex.SEGMENT_KEY).s());
    }

    private void rememberHeads(List<ChunkAppend> chunks, List<Long> bases) {
        for (int i = 0; i < chunks.size(); i++) {
            ChunkAppend c = chunks.get(i);
            knownNextOffsets.put(tp(c), bases.get(i) + c.recordCount());
        }
    }

    private void forgetProducers(List<ChunkAppend> chunks) {
        for (ChunkAppend c : chunks) {
            for (ProducerRun r : c.producers()) {
                knownProducerStates.remove(producerKey(r.producerId(), tp(c)));
            }
        }
    }

    private static Set<String> allHeads(List<ChunkAppend> chunks) {
        Set<String> all = new HashSet<>();
        chunks.forEach(c -> all.add(tp(c)));
        return all;
    }

    private static Set<String> allProducerKeys(List<ChunkAppend> chunks) {
        Set<String> all = new HashSet<>();
        chunks.forEach(c -> c.producers().forEach(r -> all.add(producerKey(r.producerId(), tp(c)))));
        return all;
    }

    private static Set<Kind> failedKinds(TransactionCanceledException e, List<Kind> kinds) {
        Set<Kind> failed = new HashSet<>();
        if (e.hasCancellationReasons()) {
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size() && i < kinds.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    failed.add(kinds.get(i));
                }
            }
        }
        return failed;
    }

    private static void validate(List<ChunkAppend> chunks) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a commit takes at least one chunk");
        }
        Set<String> seen = new HashSet<>();
        Set<String> producerPartitions = new HashSet<>();
        Set<Long> producers = new HashSet<>();
        for (ChunkAppend c : chunks) {
            if (!seen.add(tp(c))) {
                throw new IllegalArgumentException("two chunks for partition " + c.partition() + " of " + c.topicId());
            }
            for (ProducerRun r : c.producers()) {
                producerPartitions.add(producerKey(r.producerId(), tp(c)));
                producers.add(r.producerId());
            }
        }
        int items = LogCommitter.itemCount(chunks.size(), producerPartitions.size(), producers.size());
        if (chunks.size() > MAX_CHUNKS || items > MAX_ITEMS) {
            throw new IllegalArgumentException("a commit of " + chunks.size() + " chunks needs " + items
                    + " transaction items; the limit is " + MAX_ITEMS);
        }
    }

    private static String tp(ChunkAppend c) {
        return DynamoDbTables.tp(c.topicId(), c.partition());
    }

    private static String producerKey(long producerId, String tp) {
        return producerId + "|" + tp;
    }

    private static void backoff(int attempt) {
        long capMs = Math.min(200, 2L << Math.min(attempt, 7));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, capMs + 1) * 1_000_000L);
    }

    private static AttributeValue num(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
