package dev.tributary.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link BatchIndex} on the batches table: partition key {@code <topicId>#<partition>},
 * sort key base offset (number), so "which batch holds offset N" is one Query
 * ({@code baseOffset <= N}, descending, limit 1). Thread-safe.
 */
public final class DynamoDbBatchIndex implements BatchIndex {
    static final String RECORD_COUNT = "recordCount";
    static final String SEGMENT_KEY = "segmentKey";
    static final String POSITION = "position";
    static final String LENGTH = "length";
    static final String FIRST_TIMESTAMP = "firstTs";
    static final String MAX_TIMESTAMP = "maxTs";
    static final String COMMITTED_AT = "committedAtMs";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbBatchIndex(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.table = tables.batches();
    }

    @Override
    public Optional<BatchEntry> floor(UUID topicId, int partition, long offset) {
        QueryResponse response = AwsCalls.call("Looking up offset", () -> dynamo.query(QueryRequest.builder()
                .tableName(table).consistentRead(true).scanIndexForward(false).limit(1)
                .keyConditionExpression("#tp = :tp AND #b <= :o")
                .expressionAttributeNames(Map.of("#tp", DynamoDbTables.BATCHES_PK, "#b", DynamoDbTables.BATCHES_SK))
                .expressionAttributeValues(Map.of(":tp", AttributeValue.fromS(DynamoDbTables.tp(topicId, partition)),
                        ":o", AttributeValue.fromN(Long.toString(offset))))
                .build()));
        return response.items().stream().findFirst().map(item -> fromItem(topicId, partition, item));
    }

    @Override
    public List<BatchEntry> after(UUID topicId, int partition, long baseOffsetExclusive, int limit) {
        QueryResponse response = AwsCalls.call("Reading batch index", () -> dynamo.query(QueryRequest.builder()
                .tableName(table).consistentRead(true).scanIndexForward(true).limit(limit)
                .keyConditionExpression("#tp = :tp AND #b > :o")
                .expressionAttributeNames(Map.of("#tp", DynamoDbTables.BATCHES_PK, "#b", DynamoDbTables.BATCHES_SK))
                .expressionAttributeValues(Map.of(":tp", AttributeValue.fromS(DynamoDbTables.tp(topicId, partition)),
                        ":o", AttributeValue.fromN(Long.toString(baseOffsetExclusive))))
                .build()));
        List<BatchEntry> entries = new ArrayList<>(response.items().size());
        response.items().forEach(item -> entries.add(fromItem(topicId, partition, item)));
        return entries;
    }

    @Override
    public Optional<BatchEntry> firstWithMaxTimestampAtLeast(UUID topicId, int partition, long fromOffset, long timestampMs) {
        long start = floor(topicId, partition, fromOffset).map(BatchEntry::baseOffset).orElse(fromOffset);
        QueryRequest query = QueryRequest.builder()
                .tableName(table).consistentRead(true).scanIndexForward(true)
                .keyConditionExpression("#tp = :tp AND #b >= :o")
                .filterExpression("#ts >= :ts")
                .expressionAttributeNames(Map.of("#tp", DynamoDbTables.BATCHES_PK, "#b", DynamoDbTables.BATCHES_SK,
                        "#ts", MAX_TIMESTAMP))
                .expressionAttributeValues(Map.of(":tp", AttributeValue.fromS(DynamoDbTables.tp(topicId, partition)),
                        ":o", AttributeValue.fromN(Long.toString(start)),
                        ":ts", AttributeValue.fromN(Long.toString(timestampMs))))
                .build();
        return AwsCalls.call("Searching offsets by time", () -> dynamo.queryPaginator(query).items().stream()
                .findFirst().map(item -> fromItem(topicId, partition, item)));
    }

    static BatchEntry fromItem(UUID topicId, int partition, Map<String, AttributeValue> item) {
        return new BatchEntry(topicId, partition,
                Long.parseLong(item.get(DynamoDbTables.BATCHES_SK).n()),
                Integer.parseInt(item.get(RECORD_COUNT).n()),
                item.get(SEGMENT_KEY).s(),
                Long.parseLong(item.get(POSITION).n()),
                Integer.parseInt(item.get(LENGTH).n()),
                Long.parseLong(item.get(FIRST_TIMESTAMP).n()),
                Long.parseLong(item.get(MAX_TIMESTAMP).n()));
    }
}
