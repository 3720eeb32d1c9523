package dev.tributary.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link AclStore} on the security table: one item per entry, {@code pk = "acl"},
 * {@code sk = }{@link AclStore.AclEntry#canonical()}, the fields as attributes. ACLs are few
 * and read whole into each instance's cache, so one partition key and one Query suffice.
 * Thread-safe.
 */
public final class DynamoDbAclStore implements AclStore {
    static final String PK_VALUE = "acl";
    private static final String[] FIELDS = {"principal", "resourceType", "resourceName", "patternType", "operation",
            "permission"};

    private final DynamoDbClient dynamo;
    private final SecurityTable security;
    private final String table;

    public DynamoDbAclStore(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.security = new SecurityTable(dynamo, tables);
        this.table = security.name();
    }

    private static Map<String, AttributeValue> key(AclEntry entry) {
        return SecurityTable.key(PK_VALUE, entry.canonical());
    }

    @Override
    public void add(AclEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(entry));
        String[] values = {entry.principal(), entry.resourceType(), entry.resourceName(), entry.patternType(),
                entry.operation(), entry.permission()};
        for (int i = 0; i < FIELDS.length; i++) {
            item.put(FIELDS[i], AttributeValue.fromS(values[i]));
        }
        AwsCalls.run("Adding an ACL", () -> dynamo.putItem(r -> r.tableName(table).item(item)));
    }

    @Override
    public boolean remove(AclEntry entry) {
        try {
            var r = AwsCalls.call("Removing an ACL", () -> dynamo.deleteItem(b -> b.tableName(table).key(key(entry))
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", DynamoDbTables.SECURITY_PK))
                    .returnValues(ReturnValue.ALL_OLD)));
            return r.hasAttributes();
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<AclEntry> list() {
        List<AclEntry> out = new ArrayList<>();
        security.forEach("Listing ACLs", PK_VALUE, "", i -> out.add(new AclEntry(i.get("principal").s(),
                i.get("resourceType").s(), i.get("resourceName").s(), i.get("patternType").s(), i.get("operation").s(),
                i.get("permission").s())));
        return out;
    }
}
