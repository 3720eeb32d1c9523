package dev.tributary.storage;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link QuotaStore} on the security table: {@code pk = "quota"}, {@code sk = <principal>},
 * one numeric attribute per limit that is set. Read whole into each instance's cache.
 * Thread-safe.
 */
public final class DynamoDbQuotaStore implements QuotaStore {
    static final String PK_VALUE = "quota";
    private static final String PRODUCE = "produceBytesPerSecond";
    private static final String FETCH = "fetchBytesPerSecond";
    private static final String REQUESTS = "requestsPerSecond";

    private final DynamoDbClient dynamo;
    private final SecurityTable security;
    private final String table;

    public DynamoDbQuotaStore(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.security = new SecurityTable(dynamo, tables);
        this.table = security.name();
    }

    private static Map<String, AttributeValue> key(String principal) {
        return SecurityTable.key(PK_VALUE, principal);
    }

    @Override
    public void put(String principal, QuotaLimits limits) {
        Map<String, AttributeValue> item = new HashMap<>(key(principal));
        putIfSet(item, PRODUCE, limits.produceBytesPerSecond());
        putIfSet(item, FETCH, limits.fetchBytesPerSecond());
        putIfSet(item, REQUESTS, limits.requestsPerSecond());
        AwsCalls.run("Setting quotas", () -> dynamo.putItem(r -> r.tableName(table).item(item)));
    }

    private static void putIfSet(Map<String, AttributeValue> item, String name, Long value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(Long.toString(value)));
        }
    }

    @Override
    public boolean remove(String principal) {
        var r = AwsCalls.call("Removing quotas", () -> dynamo.deleteItem(b -> b.tableName(table).key(key(principal))
                .returnValues(ReturnValue.ALL_OLD)));
        return r.hasAttributes() && !r.attributes().isEmpty();
    }

    @Override
    public Map<String, QuotaLimits> list() {
        Map<String, QuotaLimits> out = new LinkedHashMap<>();
        security.forEach("Listing quotas", PK_VALUE, "", i -> out.put(i.get(DynamoDbTables.SECURITY_SK).s(),
                new QuotaLimits(number(i, PRODUCE), number(i, FETCH), number(i, REQUESTS))));
        return out;
    }

    private static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : Long.parseLong(v.n());
    }
}
