package dev.tributary.storage;

import dev.tributary.storage.log.ShardId;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Per shard, how far storage below the log start has been reclaimed: one item in the leases
 * table, {@code frontier#<topicId>/<shard>} (no TTL, unlike leases), with
 * <ul>
 *   <li>{@code releasedSeq}: every record up to this sequence number has had its extents
 *       released (its segments' {@code liveBatches} decremented) exactly once;</li>
 *   <li>{@code trimmedSeq}: every log record up to this sequence number has been deleted.</li>
 * </ul>
 * Invariant: {@code trimmedSeq <= releasedSeq}. Both only grow, and every change is
 * conditioned on the previous value, in the same transaction as the work it records, so a
 * crash or a retry never releases or counts anything twice. Item mapping and conditions live
 * here. Thread-safe.
 */
public final class ReclaimFrontiers {
    static final String RELEASED = "releasedSeq";
    static final String TRIMMED = "trimmedSeq";

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;

    public ReclaimFrontiers(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    /** A shard's frontier: records up to {@code releasedSeq} released, up to {@code trimmedSeq} deleted. */
    public record Frontier(long releasedSeq, long trimmedSeq) {
        public static final Frontier NONE = new Frontier(0, 0);
    }

    static String name(ShardId shard) {
        return "frontier#" + shard.key();
    }

    private static Map<String, AttributeValue> key(ShardId shard) {
        return Map.of(DynamoDbTables.LEASES_PK, AttributeValue.fromS(name(shard)));
    }

    /** The shard's frontier, read strongly consistently ({@link Frontier#NONE} when never written). */
    public Frontier read(ShardId shard) {
        GetItemResponse r = AwsCalls.call("Reading the reclaim frontier of " + shard, () -> dynamo.getItem(b -> b
                .tableName(tables.leases()).key(key(shard)).consistentRead(true)));
        if (!r.hasItem()) {
            return Frontier.NONE;
        }
        return new Frontier(number(r.item().get(RELEASED)), number(r.item().get(TRIMMED)));
    }

    private static long number(AttributeValue v) {
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    /** Moves {@code attribute} from {@code from} to {@code to}, on the condition it is still {@code from}. */
    static TransactWriteItem advance(DynamoDbTables tables, ShardId shard, String attribute, long from, long to) {
        String condition = from == 0 ? "attribute_not_exists(#a) OR #a = :from" : "#a = :from";
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.leases()).key(key(shard))
                .updateExpression("SET #a = :to").conditionExpression(condition)
                .expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":from", AttributeValue.fromN(Long.toString(from)),
                        ":to", AttributeValue.fromN(Long.toString(to))))
                .build()).build();
    }

    /** Deletes the shard's frontier item (its topic's data is gone). */
    void forget(ShardId shard) {
        AwsCalls.run("Deleting the reclaim frontier of " + shard, () -> dynamo.deleteItem(b -> b
                .tableName(tables.leases()).key(key(shard))));
    }
}
