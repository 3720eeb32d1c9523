package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.CommitRecordCodec;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import dev.tributary.storage.log.SnapshotRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link ShardLog} on the log table (key {@code shard} = {@code <topicId>/<shard>}, {@code seq}).
 *
 * <p>Item mapping lives here, in one table schema ({@link #SCHEMA}). Reads go through the
 * Enhanced client. A commit is one low-level {@code TransactWriteItems} (the Enhanced client
 * cannot put a pre-mapped item next to condition checks on other tables' raw keys): a put per
 * record conditioned on {@code attribute_not_exists(seq)}, a condition check per idempotent
 * producer on its current epoch, and a put of the segment's reference item conditioned on its
 * absence, carrying this attempt's id. After an ambiguous failure the reference item tells
 * whether the attempt landed, so the outcome is exact and the segment is committed at most
 * once. Thread-safe.
 */
public final class DynamoDbShardLog implements ShardLog {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbShardLog.class);
    static final String ATTEMPT = "attempt";
    private static final int MAX_ATTEMPTS = 16;

    /** One log item as stored. */
    public static final class LogItem {
        private String shard;
        private Long seq;
        private String seg;
        private Long t;
        private Long mts;
        private SdkBytes h;
        private SdkBytes s;
        private SdkBytes x;
        private SdkBytes r;
        private SdkBytes b;
        private String snap;
        private SdkBytes o;
        private Long ov;

        public String getShard() { return shard; }
        public void setShard(String v) { shard = v; }
        public Long getSeq() { return seq; }
        public void setSeq(Long v) { seq = v; }
        public String getSeg() { return seg; }
        public void setSeg(String v) { seg = v; }
        public Long getT() { return t; }
        public void setT(Long v) { t = v; }
        public Long getMts() { return mts; }
        public void setMts(Long v) { mts = v; }
        public SdkBytes getH() { return h; }
        public void setH(SdkBytes v) { h = v; }
        public SdkBytes getS() { return s; }
        public void setS(SdkBytes v) { s = v; }
        public SdkBytes getX() { return x; }
        public void setX(SdkBytes v) { x = v; }
        public SdkBytes getR() { return r; }
        public void setR(SdkBytes v) { r = v; }
        public SdkBytes getB() { return b; }
        public void setB(SdkBytes v) { b = v; }
        public String getSnap() { return snap; }
        public void setSnap(String v) { snap = v; }
        public SdkBytes getO() { return o; }
        public void setO(SdkBytes v) { o = v; }
        public Long getOv() { return ov; }
        public void setOv(Long v) { ov = v; }
    }

    static final StaticTableSchema<LogItem> SCHEMA = StaticTableSchema.builder(LogItem.class)
            .newItemSupplier(LogItem::new)
            .addAttribute(String.class, a -> a.name(DynamoDbTables.LOG_PK).getter(LogItem::getShard).setter(LogItem::setShard)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(Long.class, a -> a.name(DynamoDbTables.LOG_SK).getter(LogItem::getSeq).setter(LogItem::setSeq)
                    .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("seg").getter(LogItem::getSeg).setter(LogItem::setSeg))
            .addAttribute(Long.class, a -> a.name("t").getter(LogItem::getT).setter(LogItem::setT))
            .addAttribute(Long.class, a -> a.name("mts").getter(LogItem::getMts).setter(LogItem::setMts))
            .addAttribute(SdkBytes.class, a -> a.name("h").getter(LogItem::getH).setter(LogItem::setH))
            .addAttribute(SdkBytes.class, a -> a.name("s").getter(LogItem::getS).setter(LogItem::setS))
            .addAttribute(SdkBytes.class, a -> a.name("x").getter(LogItem::getX).setter(LogItem::setX))
            .addAttribute(SdkBytes.class, a -> a.name("r").getter(LogItem::getR).setter(LogItem::setR))
            .addAttribute(SdkBytes.class, a -> a.name("b").getter(LogItem::getB).setter(LogItem::setB))
            .addAttribute(String.class, a -> a.name("snap").getter(LogItem::getSnap).setter(LogItem::setSnap))
            .addAttribute(SdkBytes.class, a -> a.name("o").getter(LogItem::getO).setter(LogItem::setO))
            .addAttribute(Long.class, a -> a.name("ov").getter(LogItem::getOv).setter(LogItem::setOv))
            .build();

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final DynamoDbTable<LogItem> table;
    private final Backoff backoff;

    public DynamoDbShardLog(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, DynamoDbTables tables, Backoff backoff) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.table = enhanced.table(tables.log(), SCHEMA);
        this.backoff = backoff;
    }

    static LogItem toItem(CommitRecord r) {
        LogItem item = new LogItem();
        item.setShard(r.shard().key());
        item.setSeq(r.seq());
        item.setSeg(r.segmentKey());
        item.setT(r.commitTimeMs());
        item.setMts(r.maxTimestampMs());
        item.setH(SdkBytes.fromByteArrayUnsafe(CommitRecordCodec.encodeOffsets(r.nextOffsets())));
        long[] starts = r.startOffsets();
        if (anyNonZero(starts)) {
            item.setS(SdkBytes.fromByteArrayUnsafe(CommitRecordCodec.encodeOffsets(starts)));
        }
        if (!r.extents().isEmpty()) {
            item.setX(SdkBytes.fromByteArrayUnsafe(CommitRecordCodec.encodeExtents(r.shard(), r.extents(), r.commitTimeMs())));
        }
        if (!r.runs().isEmpty()) {
            item.setR(SdkBytes.fromByteArrayUnsafe(CommitRecordCodec.encodeRuns(r.shard(), r.runs())));
        }
        if (r.bytes() != null) {
            item.setB(SdkBytes.fromByteArrayUnsafe(CommitRecordCodec.encodePartitionBytes(r.bytes())));
        }
        if (r.snapshot() != null) {
            item.setSnap(r.snapshot().seq() + "@" + r.snapshot().key());
        }
        if (r.isOverride()) {
            item.setO(SdkBytes.fromByteArrayUnsafe(CommitRecordCodec.encodeOverrides(r.shard(), r.overrides())));
        }
        if (r.previousOverrideSeq() > 0) {
            item.setOv(r.previousOverrideSeq());
        }
        return item;
    }

    static CommitRecord fromItem(LogItem item) {
        ShardId shard = ShardId.parse(item.getShard());
        long t = item.getT() == null ? 0 : item.getT();
        SnapshotRef snap = null;
        if (item.getSnap() != null) {
            int at = item.getSnap().indexOf('@');
            snap = new SnapshotRef(item.getSnap().substring(at + 1), Long.parseLong(item.getSnap().substring(0, at)));
        }
        return new CommitRecord(shard, item.getSeq(), item.getSeg(), t, item.getMts() == null ? -1 : item.getMts(),
                item.getH() == null ? new long[0] : CommitRecordCodec.decodeOffsets(item.getH().asByteArrayUnsafe()),
                item.getS() == null ? new long[0] : CommitRecordCodec.decodeOffsets(item.getS().asByteArrayUnsafe()),
                item.getX() == null ? List.of() : CommitRecordCodec.decodeExtents(shard, item.getX().asByteArrayUnsafe(), t),
                item.getR() == null ? List.of() : CommitRecordCodec.decodeRuns(shard, item.getR().asByteArrayUnsafe()),
                snap, item.getO() == null ? List.of() : CommitRecordCodec.decodeOverrides(shard, item.getO().asByteArrayUnsafe()),
                item.getOv() == null ? 0 : item.getOv(),
                item.getB() == null ? null : CommitRecordCodec.decodePartitionBytes(item.getB().asByteArrayUnsafe()));
    }

    private static boolean anyNonZero(long[] values) {
        for (long v : values) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<CommitRecord> latest(ShardId shard) {
        return first(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(shard.key())))
                .scanIndexForward(false).limit(1).consistentRead(true).build(), "Reading the head of " + shard);
    }

    @Override
    public Optional<CommitRecord> get(ShardId shard, long seq) {
        LogItem item = AwsCalls.call("Reading " + shard + "@" + seq, () -> table.getItem(r -> r
                .key(Key.builder().partitionValue(shard.key()).sortValue(seq).build()).consistentRead(true)));
        return Optional.ofNullable(item).map(DynamoDbShardLog::fromItem);
    }

    @Override
    public List<CommitRecord> after(ShardId shard, long seq, int limit) {
        QueryEnhancedRequest request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortGreaterThan(k -> k.partitionValue(shard.key()).sortValue(seq)))
                .scanIndexForward(true).limit(limit).consistentRead(true).build();
        return AwsCalls.call("Reading the log of " + shard, () -> {
            List<CommitRecord> out = new ArrayList<>();
            for (Page<LogItem> page : table.query(request)) {
                for (LogItem item : page.items()) {
                    out.add(fromItem(item));
                    if (out.size() >= limit) {
                        return out;
                    }
                }
                if (page.items().isEmpty()) {
                    break;
                }
            }
            return out;
        });
    }

    private Optional<CommitRecord> first(QueryEnhancedRequest request, String what) {
        return AwsCalls.call(what, () -> {
            for (Page<LogItem> page : table.query(request)) {
                return page.items().stream().findFirst().map(DynamoDbShardLog::fromItem);
            }
            return Optional.<CommitRecord>empty();
        });
    }

    @Override
    public boolean append(CommitRecord record) {
        try {
            AwsCalls.run("Writing " + record, () -> dynamo.putItem(r -> r.tableName(tables.log())
                    .item(SCHEMA.itemToMap(toItem(record), true))
                    .conditionExpression("attribute_not_exists(#seq)")
                    .expressionAttributeNames(Map.of("#seq", DynamoDbTables.LOG_SK))));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public MaintenanceAppend appendFenced(CommitRecord record, Lease lease) {
        return appendWith(record, lease, List.of());
    }

    @Override
    public MaintenanceAppend appendOverride(CommitRecord record, Lease lease, ExtentsMoved moved) {
        List<TransactWriteItem> counts = new ArrayList<>();
        counts.add(TransactWriteItem.builder().update(DynamoDbSegmentReferences.use(tables.segments(), moved.segmentKey(),
                moved.extents(), record.shard().key() + "@" + record.seq())).build());
        moved.released().forEach((key, n) -> counts.add(TransactWriteItem.builder()
                .update(DynamoDbSegmentReferences.release(tables.segments(), key, n, moved.nowMs())).build()));
        return appendWith(record, lease, counts);
    }

    @Override
    public void putUnusedReference(SegmentReference reference, ShardId shard) {
        AwsCalls.run("Writing the reference of " + reference.segmentKey(), () -> dynamo.putItem(r -> r
                .tableName(tables.segments()).item(DynamoDbSegmentReferences.unusedItem(reference, shard))
                .conditionExpression("attribute_not_exists(#k)")
                .expressionAttributeNames(Map.of("#k", DynamoDbTables.SEGMENTS_PK))));
    }

    /** A maintenance record, the lease check (when {@code lease} is not null) and {@code more}, in one transaction. */
    private MaintenanceAppend appendWith(CommitRecord record, Lease lease, List<TransactWriteItem> more) {
        List<TransactWriteItem> items = new ArrayList<>(2 + more.size());
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.log())
                .item(SCHEMA.itemToMap(toItem(record), true))
                .conditionExpression("attribute_not_exists(#seq)")
                .expressionAttributeNames(Map.of("#seq", DynamoDbTables.LOG_SK)).build()).build());
        if (lease != null) {
            items.add(TransactWriteItem.builder().conditionCheck(DynamoDbLeaseStore.fence(tables, lease)).build());
        }
        int firstCount = items.size();
        items.addAll(more);
        SdkException last = null;
        for (int n = 1; n <= MAX_ATTEMPTS; n++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items));
                return MaintenanceAppend.APPENDED;
            } catch (TransactionCanceledException e) {
                last = e;
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                boolean seqTaken = !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code());
                boolean fenced = lease != null && reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code());
                boolean countsChanged = false;
                for (int i = firstCount; i < reasons.size(); i++) {
                    countsChanged |= "ConditionalCheckFailed".equals(reasons.get(i).code());
                }
                if (seqTaken) {
                    // Our own earlier attempt may have landed (ambiguous failure): records are immutable, compare.
                    return get(record.shard(), record.seq()).filter(record::equals).isPresent()
                            ? MaintenanceAppend.APPENDED : MaintenanceAppend.SEQ_TAKEN;
                }
                if (fenced) {
                    return MaintenanceAppend.FENCED;
                }
                if (countsChanged) {
                    return MaintenanceAppend.REFERENCES_CHANGED;
                }
                backoff.pause(n);
            } catch (SdkException e) {
                last = e;
                LOG.debug("Maintenance append {} failed: {}", record, e.toString());
                backoff.pause(n);
            }
        }
        if (AwsCalls.isThrottle(last)) {
            throw Errors.throttled("Writing " + record, last);
        }
        throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Could not write " + record + " after " + MAX_ATTEMPTS
                + " attempts: " + (last == null ? "contention" : last.getMessage()), last);
    }

    private enum Kind { RECORD, EPOCH, REFERENCE }

    @Override
    public Outcome commit(List<CommitRecord> records, SegmentReference reference, Map<Long, Short> producerEpochs) {
        String attempt = UUID.randomUUID().toString();
        List<TransactWriteItem> items = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<ShardId> recordShards = new ArrayList<>();
        List<Long> epochProducers = new ArrayList<>();
        for (CommitRecord r : records) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.log())
                    .item(SCHEMA.itemToMap(toItem(r), true))
                    .conditionExpression("attribute_not_exists(#seq)")
                    .expressionAttributeNames(Map.of("#seq", DynamoDbTables.LOG_SK)).build()).build());
            kinds.add(Kind.RECORD);
            recordShards.add(r.shard());
        }
        producerEpochs.forEach((pid, epoch) -> {
            items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                    .tableName(tables.producers()).key(DynamoDbProducerStore.metaKey(pid))
                    .conditionExpression("#e = :e")
                    .expressionAttributeNames(Map.of("#e", DynamoDbProducerStore.EPOCH))
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromN(Short.toString(epoch))))
                    .build()).build());
            kinds.add(Kind.EPOCH);
            epochProducers.add(pid);
        });
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.segments())
                .item(referenceItem(records, reference, attempt))
                .conditionExpression("attribute_not_exists(#k)")
                .expressionAttributeNames(Map.of("#k", DynamoDbTables.SEGMENTS_PK)).build()).build());
        kinds.add(Kind.REFERENCE);

        SdkException last = null;
        boolean maybeApplied = false;
        for (int n = 1; n <= MAX_ATTEMPTS; n++) {
            if (maybeApplied && landed(reference.segmentKey(), attempt)) {
                return Outcome.success();
            }
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items));
                return Outcome.success();
            } catch (TransactionCanceledException e) {
                last = e;
                Set<ShardId> conflicts = new HashSet<>();
                Set<Long> fenced = new HashSet<>();
                boolean referenceTaken = false;
                boolean otherwise = false;
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                for (int i = 0; i < reasons.size() && i < kinds.size(); i++) {
                    String code = reasons.get(i).code();
                    if ("ConditionalCheckFailed".equals(code)) {
                        switch (kinds.get(i)) {
                            case RECORD -> conflicts.add(recordShards.get(i));
                            case EPOCH -> fenced.add(epochProducers.get(i - records.size()));
                            case REFERENCE -> referenceTaken = true;
                        }
                    } else if (code != null && !"None".equals(code)) {
                        otherwise = true;
                    }
                }
                if (referenceTaken) {
                    if (landed(reference.segmentKey(), attempt)) {
                        return Outcome.success();
                    }
                    throw new IllegalStateException("segment " + reference.segmentKey() + " is already committed");
                }
                if (!fenced.isEmpty()) {
                    return Outcome.fenced(fenced);
                }
                if (!conflicts.isEmpty()) {
                    return Outcome.conflict(conflicts);
                }
                // TransactionConflict (another transaction on these items right now) or throttling.
                LOG.debug("Commit of {} cancelled ({}), retrying", reference.segmentKey(), otherwise ? reasons : "no reason");
                backoff.pause(n);
            } catch (SdkException e) {
                last = e;
                if (!AwsCalls.isThrottle(e)) {
                    maybeApplied = true;
                }
                LOG.debug("Commit attempt {} of {} failed: {}", n, reference.segmentKey(), e.toString());
                backoff.pause(n);
            }
        }
        if (maybeApplied && landed(reference.segmentKey(), attempt)) {
            return Outcome.success();
        }
        if (AwsCalls.isThrottle(last)) {
            throw Errors.throttled("Committing segment " + reference.segmentKey(), last);
        }
        throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Could not commit segment " + reference.segmentKey()
                + " after " + MAX_ATTEMPTS + " attempts: " + (last == null ? "contention" : last.getMessage()), last);
    }

    private Map<String, AttributeValue> referenceItem(List<CommitRecord> records, SegmentReference reference, String attempt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(reference.segmentKey()));
        item.put(DynamoDbSegmentReferences.SIZE_BYTES, AttributeValue.fromN(Long.toString(reference.sizeBytes())));
        item.put(DynamoDbSegmentReferences.CREATED_AT, AttributeValue.fromN(Long.toString(reference.createdAtMs())));
        item.put(DynamoDbSegmentReferences.LIVE_EXTENTS, AttributeValue.fromN(Integer.toString(
                records.stream().mapToInt(r -> r.extents().size()).sum())));
        item.put(ATTEMPT, AttributeValue.fromS(attempt));
        List<String> at = new ArrayList<>();
        records.forEach(r -> at.add(r.shard().key() + "@" + r.seq()));
        item.put("records", AttributeValue.fromSs(at));
        return item;
    }

    /** Whether the reference item exists and was written by {@code attempt} (read strongly consistently). */
    private boolean landed(String segmentKey, String attempt) {
        GetItemResponse item = AwsCalls.call("Checking the commit of " + segmentKey, () -> dynamo.getItem(r -> r
                .tableName(tables.segments()).consistentRead(true)
                .key(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(segmentKey)))));
        return item.hasItem() && item.item().containsKey(ATTEMPT) && attempt.equals(item.item().get(ATTEMPT).s());
    }
}
