package dev.tributary.storage;

import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The security table's layout, shared by the stores that live in it: items are grouped by
 * kind ({@code pk} = {@code apikey}, {@code acl}, {@code quota}), one item per {@code sk}.
 * Each kind is small and read whole into per-instance caches, so one partition key per kind
 * suffices. Thread-safe.
 */
final class SecurityTable {
    private final DynamoDbClient dynamo;
    private final String table;

    SecurityTable(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.table = tables.security();
    }

    String name() {
        return table;
    }

    static Map<String, AttributeValue> key(String kind, String sk) {
        return Map.of(DynamoDbTables.SECURITY_PK, AttributeValue.fromS(kind),
                DynamoDbTables.SECURITY_SK, AttributeValue.fromS(sk));
    }

    /** Every item of a kind whose sort key starts with {@code skPrefix} (empty: all), strongly consistent. */
    void forEach(String what, String kind, String skPrefix, Consumer<Map<String, AttributeValue>> sink) {
        boolean all = skPrefix.isEmpty();
        AwsCalls.run(what, () -> dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression(all ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(all ? Map.of("#pk", DynamoDbTables.SECURITY_PK)
                        : Map.of("#pk", DynamoDbTables.SECURITY_PK, "#sk", DynamoDbTables.SECURITY_SK))
                .expressionAttributeValues(all ? Map.of(":pk", AttributeValue.fromS(kind))
                        : Map.of(":pk", AttributeValue.fromS(kind), ":prefix", AttributeValue.fromS(skPrefix))))
                .items().forEach(sink));
    }
}
