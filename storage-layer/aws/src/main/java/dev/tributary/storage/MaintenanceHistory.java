package dev.tributary.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The latest maintenance run reports of every instance, newest first, kept in one item of the
 * leases table ({@value #NAME}): a list of opaque texts (the service stores JSON) and a version
 * that every write is conditioned on, so concurrent instances each add their run (a lost race
 * re-reads and tries again). At most {@code keep} reports are kept; at the 5-minute default
 * schedule one write (about 1 WRU per KB of the item) and one read per run. Thread-safe.
 */
public final class MaintenanceHistory {
    static final String NAME = "maintenance-history";
    private static final String RUNS = "runs";
    private static final String VERSION = "version";
    private static final int MAX_ATTEMPTS = 32;

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;

    public MaintenanceHistory(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(DynamoDbTables.LEASES_PK, AttributeValue.fromS(NAME));
    }

    /** The kept reports, newest first (strongly consistent). */
    public List<String> recent() {
        return read().runs;
    }

    private record Stored(List<String> runs, long version) {
    }

    private Stored read() {
        GetItemResponse r = AwsCalls.call("Reading the maintenance history", () -> dynamo.getItem(b -> b
                .tableName(tables.leases()).key(key()).consistentRead(true)));
        if (!r.hasItem()) {
            return new Stored(List.of(), 0);
        }
        List<String> runs = new ArrayList<>();
        AttributeValue list = r.item().get(RUNS);
        if (list != null && list.hasL()) {
            list.l().forEach(v -> runs.add(v.s()));
        }
        AttributeValue version = r.item().get(VERSION);
        return new Stored(runs, version == null ? 0 : Long.parseLong(version.n()));
    }

    /** Adds {@code run} as the newest report, keeping at most {@code keep}; false when contention persisted. */
    public boolean add(String run, int keep) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Stored stored = read();
            List<AttributeValue> runs = new ArrayList<>();
            runs.add(AttributeValue.fromS(run));
            for (String s : stored.runs) {
                if (runs.size() >= keep) {
                    break;
                }
                runs.add(AttributeValue.fromS(s));
            }
            Map<String, AttributeValue> item = Map.of(DynamoDbTables.LEASES_PK, AttributeValue.fromS(NAME),
                    RUNS, AttributeValue.fromL(runs), VERSION, AttributeValue.fromN(Long.toString(stored.version + 1)));
            try {
                AwsCalls.run("Writing the maintenance history", () -> dynamo.putItem(b -> b.tableName(tables.leases())
                        .item(item)
                        .conditionExpression(stored.version == 0 ? "attribute_not_exists(#v)" : "#v = :v")
                        .expressionAttributeNames(Map.of("#v", VERSION))
                        .expressionAttributeValues(stored.version == 0 ? null
                                : Map.of(":v", AttributeValue.fromN(Long.toString(stored.version))))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                // Another instance added its run first: read again.
            }
        }
        return false;
    }
}
