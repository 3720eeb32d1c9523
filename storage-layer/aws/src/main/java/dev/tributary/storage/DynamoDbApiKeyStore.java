package dev.tributary.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * {@link ApiKeyStore} on the security table: one item per key, {@code pk = "apikey"},
 * {@code sk = <SHA-256 hex of the key>}, with {@code principal} and {@code createdAtMs}.
 * Keys are few and looked up through a per-instance cache, so one partition key suffices
 * and listing is one Query. Thread-safe.
 */
public final class DynamoDbApiKeyStore implements ApiKeyStore {
    static final String PK_VALUE = "apikey";
    static final int KEY_ID_LENGTH = 16;
    private static final String PRINCIPAL = "principal";
    private static final String CREATED = "createdAtMs";

    private final DynamoDbClient dynamo;
    private final SecurityTable security;
    private final String table;

    public DynamoDbApiKeyStore(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.security = new SecurityTable(dynamo, tables);
        this.table = security.name();
    }

    private static Map<String, AttributeValue> key(String keyHash) {
        return SecurityTable.key(PK_VALUE, keyHash);
    }

    @Override
    public void put(String keyHash, String principal, long createdAtMs) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(keyHash));
        item.put(PRINCIPAL, AttributeValue.fromS(principal));
        item.put(CREATED, AttributeValue.fromN(Long.toString(createdAtMs)));
        AwsCalls.run("Storing an API key", () -> dynamo.putItem(r -> r.tableName(table).item(item)));
    }

    @Override
    public Optional<String> principalOf(String keyHash) {
        GetItemResponse r = AwsCalls.call("Looking up an API key", () -> dynamo.getItem(b -> b.tableName(table)
                .key(key(keyHash)).consistentRead(true)));
        return r.hasItem() ? Optional.of(r.item().get(PRINCIPAL).s()) : Optional.empty();
    }

    @Override
    public List<ApiKeyInfo> list() {
        List<ApiKeyInfo> out = new ArrayList<>();
        security.forEach("Listing API keys", PK_VALUE, "", item -> out.add(new ApiKeyInfo(
                item.get(DynamoDbTables.SECURITY_SK).s().substring(0, KEY_ID_LENGTH),
                item.get(PRINCIPAL).s(), Long.parseLong(item.get(CREATED).n()))));
        return out;
    }

    @Override
    public boolean revoke(String keyId) {
        if (keyId.length() != KEY_ID_LENGTH || !keyId.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
        List<String> hashes = new ArrayList<>();
        security.forEach("Finding an API key", PK_VALUE, keyId, item -> hashes.add(item.get(DynamoDbTables.SECURITY_SK).s()));
        for (String hash : hashes) {
            AwsCalls.run("Revoking an API key", () -> dynamo.deleteItem(r -> r.tableName(table).key(key(hash))));
        }
        return !hashes.isEmpty();
    }
}
