package dev.tributary.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link PartitionStore} on the partitions table (key: topic id, partition). Uses the
 * low-level client because head items are written by the commit transaction with update
 * expressions the Enhanced client cannot express; reading them here with the same
 * attribute names keeps one mapping. Thread-safe.
 */
public final class DynamoDbPartitionStore implements PartitionStore {
    static final String NEXT_OFFSET = "nextOffset";
    static final String LOG_START_OFFSET = "logStartOffset";
    static final String BYTES = "bytes";
    static final String LAST_APPEND_MS = "lastAppendMs";
    static final String VERSION = "version";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbPartitionStore(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.table = tables.partitions();
    }

    @Override
    public PartitionHead head(UUID topicId, int partition) {
        GetItemResponse response = AwsCalls.call("Reading partition head", () -> dynamo.getItem(r -> r
                .tableName(table).consistentRead(true).key(key(topicId, partition))));
        return response.hasItem() && !response.item().isEmpty()
                ? fromItem(topicId, partition, response.item())
                : PartitionHead.empty(topicId, partition);
    }

    @Override
    public List<PartitionHead> heads(UUID topicId, int partitionCount) {
        List<PartitionHead> heads = new ArrayList<>(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            heads.add(PartitionHead.empty(topicId, p));
        }
        QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#t = :t")
                .expressionAttributeNames(Map.of("#t", DynamoDbTables.PARTITIONS_PK))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(topicId.toString())))
                .build();
        AwsCalls.run("Reading partition heads", () -> dynamo.queryPaginator(query).items().forEach(item -> {
            int p = Integer.parseInt(item.get(DynamoDbTables.PARTITIONS_SK).n());
            if (p < partitionCount) {
                heads.set(p, fromItem(topicId, p, item));
            }
        }));
        return heads;
    }

    static Map<String, AttributeValue> key(UUID topicId, int partition) {
        return Map.of(DynamoDbTables.PARTITIONS_PK, AttributeValue.fromS(topicId.toString()),
                DynamoDbTables.PARTITIONS_SK, AttributeValue.fromN(Integer.toString(partition)));
    }

    static PartitionHead fromItem(UUID topicId, int partition, Map<String, AttributeValue> item) {
        return new PartitionHead(topicId, partition, num(item, LOG_START_OFFSET), num(item, NEXT_OFFSET),
                num(item, BYTES), num(item, LAST_APPEND_MS), num(item, VERSION));
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
