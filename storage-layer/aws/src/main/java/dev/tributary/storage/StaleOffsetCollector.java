package dev.tributary.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Removes committed group offsets of topics that are gone: offsets are keyed by topic name,
 * so an offset committed before its topic was deleted (and perhaps re-created under the same
 * name) would otherwise stay forever. Readers already ignore offsets committed before the
 * current topic's creation; this deletes them, and offsets of names with no topic at all, once
 * the commit is older than the grace period (Kafka drops a deleted topic's offsets too).
 *
 * <p>Each delete is conditioned on the item's {@code commitTimeMs} being the one read, so an
 * offset committed again meanwhile (to the new topic) is kept; no lease is needed, two
 * collectors deleting the same item is harmless. Bounded and resumable: one run scans from
 * where this instance's previous run stopped and deletes at most {@code maxItems}.
 * Thread-safe; runs are serialized.
 */
public final class StaleOffsetCollector {
    private static final String COMMIT_TIME = "commitTimeMs";
    private static final String TOPIC = "topic";

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final TopicStore topics;
    private final Clock clock;
    private Map<String, AttributeValue> resumeFrom;

    public StaleOffsetCollector(DynamoDbClient dynamo, DynamoDbTables tables, TopicStore topics, Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.topics = topics;
        this.clock = clock;
    }

    /** One run: the number of offset items deleted. */
    public synchronized int collect(Duration grace, int maxItems) {
        Map<String, Long> createdAt = new HashMap<>();
        topics.list().forEach(t -> createdAt.put(t.name(), t.createdAtMs()));
        long cutoff = clock.millis() - grace.toMillis();
        int deleted = 0;
        do {
            Map<String, AttributeValue> start = resumeFrom;
            ScanResponse page = AwsCalls.call("Scanning committed offsets", () -> dynamo.scan(r -> r
                    .tableName(tables.groups()).exclusiveStartKey(start)
                    .filterExpression("begins_with(#sk, :o) AND #t <= :cutoff")
                    .projectionExpression("#g, #sk, #topic, #t")
                    .expressionAttributeNames(Map.of("#g", DynamoDbTables.GROUPS_PK, "#sk", DynamoDbTables.GROUPS_SK,
                            "#topic", TOPIC, "#t", COMMIT_TIME))
                    .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(DynamoDbGroupStore.OFFSET_PREFIX),
                            ":cutoff", AttributeValue.fromN(Long.toString(cutoff))))));
            for (Map<String, AttributeValue> item : page.items()) {
                if (deleted >= maxItems) {
                    return deleted;
                }
                AttributeValue topic = item.get(TOPIC);
                long committedAt = Long.parseLong(item.get(COMMIT_TIME).n());
                Long created = topic == null ? null : createdAt.get(topic.s());
                if (created != null && committedAt >= created) {
                    continue;
                }
                if (delete(item)) {
                    deleted++;
                }
            }
            resumeFrom = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (resumeFrom != null);
        return deleted;
    }

    private boolean delete(Map<String, AttributeValue> item) {
        try {
            AwsCalls.run("Deleting a stale committed offset", () -> dynamo.deleteItem(r -> r.tableName(tables.groups())
                    .key(Map.of(DynamoDbTables.GROUPS_PK, item.get(DynamoDbTables.GROUPS_PK),
                            DynamoDbTables.GROUPS_SK, item.get(DynamoDbTables.GROUPS_SK)))
                    .conditionExpression("#t = :t")
                    .expressionAttributeNames(Map.of("#t", COMMIT_TIME))
                    .expressionAttributeValues(Map.of(":t", item.get(COMMIT_TIME)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
