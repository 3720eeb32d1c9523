package dev.tributary.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link SegmentReferences} on the segments table (key: segment key), and the updates of its
 * live-extent counts that maintenance writes make in their own transactions:
 *
 * <table>
 *   <caption>reference item</caption>
 *   <tr><th>attribute</th><th>meaning</th></tr>
 *   <tr><td>{@code liveBatches}</td><td>extents (index entries) that still point into the object</td></tr>
 *   <tr><td>{@code releasedAtMs}</td><td>time of the last decrement of {@code liveBatches}; garbage
 *   collection deletes an object whose count is 0 once this is older than its grace period</td></tr>
 *   <tr><td>{@code sizeBytes}, {@code createdAtMs}</td><td>the object's size and commit time</td></tr>
 *   <tr><td>{@code records}</td><td>{@code <shard>@<seq>} of the log records that point into it</td></tr>
 * </table>
 * Thread-safe.
 */
public final class DynamoDbSegmentReferences implements SegmentReferences {
    static final String LIVE_EXTENTS = "liveBatches";
    static final String SIZE_BYTES = "sizeBytes";
    static final String CREATED_AT = "createdAtMs";
    /** When the live count reached zero (epoch ms); the shared contract with segment rewriting. */
    static final String RELEASED_AT = "releasedAtMs";
    static final String RECORDS = "records";
    private static final int BATCH_GET_LIMIT = 100;
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSegmentReferences(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.table = tables.segments();
    }

    /** A reference with no live extents, released now (see {@code ShardLog.putUnusedReference}). */
    static Map<String, AttributeValue> unusedItem(dev.tributary.storage.log.ShardLog.SegmentReference reference,
                                                  dev.tributary.storage.log.ShardId shard) {
        return Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(reference.segmentKey()),
                SIZE_BYTES, AttributeValue.fromN(Long.toString(reference.sizeBytes())),
                CREATED_AT, AttributeValue.fromN(Long.toString(reference.createdAtMs())),
                LIVE_EXTENTS, AttributeValue.fromN("0"),
                RELEASED_AT, AttributeValue.fromN(Long.toString(reference.createdAtMs())),
                RECORDS, AttributeValue.fromSs(List.of(shard.key() + "@0")));
    }

    /** Gives an unused reference its {@code extents} live extents, pointed to by {@code record} (shard@seq). */
    static Update use(String table, String segmentKey, int extents, String record) {
        return Update.builder().tableName(table).key(key(segmentKey))
                .updateExpression("SET #l = :n, #rec = :rec REMOVE #rel")
                .conditionExpression("#l = :zero")
                .expressionAttributeNames(Map.of("#l", LIVE_EXTENTS, "#rec", RECORDS, "#rel", RELEASED_AT))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(extents)),
                        ":zero", AttributeValue.fromN("0"), ":rec", AttributeValue.fromSs(List.of(record))))
                .build();
    }

    /** Takes {@code extents} live extents off an object's count (never below zero) and stamps the time. */
    static Update release(String table, String segmentKey, int extents, long nowMs) {
        return Update.builder().tableName(table).key(key(segmentKey))
                .updateExpression("SET #l = #l - :n, #rel = :now")
                .conditionExpression("#l >= :n")
                .expressionAttributeNames(Map.of("#l", LIVE_EXTENTS, "#rel", RELEASED_AT))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(extents)),
                        ":now", AttributeValue.fromN(Long.toString(nowMs))))
                .build();
    }

    private static Map<String, AttributeValue> key(String segmentKey) {
        return Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(segmentKey));
    }

    @Override
    public Set<String> committed(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        read(dynamo, table, keys, Map.of("#k", DynamoDbTables.SEGMENTS_PK))
                .forEach(item -> found.add(item.get(DynamoDbTables.SEGMENTS_PK).s()));
        return found;
    }

    /**
     * The reference items of {@code keys} that exist, read strongly consistently in batches of
     * 100, with only the attributes named in {@code projection} (placeholder to name), or whole
     * when it is empty.
     */
    static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, String table, Collection<String> keys,
                                                   Map<String, String> projection) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
        for (int from = 0; from < all.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            for (String key : all.subList(from, Math.min(all.size(), from + BATCH_GET_LIMIT))) {
                batch.add(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(key)));
            }
            KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(batch).consistentRead(true);
            if (!projection.isEmpty()) {
                request.projectionExpression(String.join(", ", projection.keySet())).expressionAttributeNames(projection);
            }
            Map<String, KeysAndAttributes> pending = Map.of(table, request.build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> current = pending;
                BatchGetItemResponse response = AwsCalls.call("Reading segment references",
                        () -> dynamo.batchGetItem(r -> r.requestItems(current)));
                out.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.unprocessedKeys();
            }
        }
        return out;
    }
}
