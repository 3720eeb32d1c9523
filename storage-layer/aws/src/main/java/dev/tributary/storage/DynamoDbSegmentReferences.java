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

/** {@link SegmentReferences} on the segments table (key: segment key). Thread-safe. */
public final class DynamoDbSegmentReferences implements SegmentReferences {
    static final String LIVE_EXTENTS = "liveBatches";
    static final String SIZE_BYTES = "sizeBytes";
    static final String CREATED_AT = "createdAtMs";
    /** When the live count reached zero (epoch ms); the shared contract with segment rewriting. */
    static final String RELEASED_AT = "releasedAtMs";
    private static final int BATCH_GET_LIMIT = 100;
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSegmentReferences(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.table = tables.segments();
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
