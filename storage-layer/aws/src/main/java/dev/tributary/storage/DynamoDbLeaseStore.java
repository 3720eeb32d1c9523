package dev.tributary.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * {@link LeaseStore} on the leases table (key {@code name}). Item mapping and the fencing
 * condition live here, in one place:
 *
 * <table>
 *   <caption>lease item</caption>
 *   <tr><th>attribute</th><th>meaning</th></tr>
 *   <tr><td>{@code name}</td><td>the unit of work</td></tr>
 *   <tr><td>{@code owner}</td><td>holder's unique id</td></tr>
 *   <tr><td>{@code epoch}</td><td>fencing token, +1 at every change of hands</td></tr>
 *   <tr><td>{@code expiresAt}</td><td>ms, holder's clock</td></tr>
 *   <tr><td>{@code ttl}</td><td>seconds; the table's TTL reaps the item a week after expiry</td></tr>
 * </table>
 *
 * <p>Every change is a conditional write on the owner and epoch read just before, so two
 * workers racing for one lease cannot both win; {@link #fence} is the condition a maintenance
 * write adds to its own transaction. Time comes from the injected clock. Thread-safe.
 */
public final class DynamoDbLeaseStore implements LeaseStore {
    static final String OWNER = "owner";
    static final String EPOCH = "epoch";
    static final String EXPIRES_AT = "expiresAt";
    static final String TTL = "ttl";
    /** How long an expired lease item is kept; longer than any plausible pause of a worker. */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final DynamoDbTables tables;
    private final Clock clock;

    public DynamoDbLeaseStore(DynamoDbClient dynamo, DynamoDbTables tables, Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.clock = clock;
    }

    /**
     * The condition "lease {@code lease} is still held at its epoch", for a
     * {@code TransactWriteItems} that makes a write under the lease.
     */
    static ConditionCheck fence(DynamoDbTables tables, Lease lease) {
        return ConditionCheck.builder().tableName(tables.leases()).key(key(lease.name()))
                .conditionExpression(HELD).expressionAttributeNames(HELD_NAMES).expressionAttributeValues(heldValues(lease))
                .build();
    }

    /** The condition "the item still has this lease's owner and epoch". */
    private static final String HELD = "#o = :o AND #e = :e";
    private static final Map<String, String> HELD_NAMES = Map.of("#o", OWNER, "#e", EPOCH);

    private static Map<String, AttributeValue> heldValues(Lease lease) {
        return Map.of(":o", AttributeValue.fromS(lease.owner()), ":e", AttributeValue.fromN(Long.toString(lease.epoch())));
    }

    /** Replaces the lease item with {@code next} if it still holds {@code held}; throws when it does not. */
    private void putIfHeld(Lease held, Lease next) {
        AwsCalls.run("Writing lease " + held.name(), () -> dynamo.putItem(r -> r.tableName(tables.leases())
                .item(item(next)).conditionExpression(HELD).expressionAttributeNames(HELD_NAMES)
                .expressionAttributeValues(heldValues(held))));
    }

    @Override
    public Optional<Lease> acquire(String name, String owner, Duration duration) {
        long now = clock.millis();
        Optional<Lease> before = current(name);
        if (before.isPresent() && before.get().expiresAtMs() > now && !before.get().owner().equals(owner)) {
            return Optional.empty();
        }
        Lease next = new Lease(name, owner, before.map(l -> l.epoch() + 1).orElse(1L), now + duration.toMillis());
        try {
            if (before.isEmpty()) {
                AwsCalls.run("Taking lease " + name, () -> dynamo.putItem(r -> r.tableName(tables.leases())
                        .item(item(next)).conditionExpression("attribute_not_exists(#n)")
                        .expressionAttributeNames(Map.of("#n", DynamoDbTables.LEASES_PK))));
            } else {
                putIfHeld(before.get(), next);
            }
            return Optional.of(next);
        } catch (ConditionalCheckFailedException e) {
            // Either another worker won, or an SDK retry of our own write found it applied.
            return current(name).filter(l -> l.owner().equals(owner) && l.epoch() == next.epoch());
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration duration) {
        Lease next = new Lease(lease.name(), lease.owner(), lease.epoch(), clock.millis() + duration.toMillis());
        return conditionalUpdate(lease, next) ? Optional.of(next) : Optional.empty();
    }

    @Override
    public boolean release(Lease lease) {
        return conditionalUpdate(lease, new Lease(lease.name(), lease.owner(), lease.epoch(), 0));
    }

    private boolean conditionalUpdate(Lease held, Lease next) {
        try {
            putIfHeld(held, next);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return current(held.name()).filter(next::equals).isPresent();
        }
    }

    @Override
    public Optional<Lease> current(String name) {
        GetItemResponse response = AwsCalls.call("Reading lease " + name, () -> dynamo.getItem(r -> r
                .tableName(tables.leases()).key(key(name)).consistentRead(true)));
        if (!response.hasItem() || !response.item().containsKey(EPOCH)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        return Optional.of(new Lease(name, item.get(OWNER).s(), Long.parseLong(item.get(EPOCH).n()),
                Long.parseLong(item.get(EXPIRES_AT).n())));
    }

    private static Map<String, AttributeValue> key(String name) {
        return Map.of(DynamoDbTables.LEASES_PK, AttributeValue.fromS(name));
    }

    private static Map<String, AttributeValue> item(Lease lease) {
        Map<String, AttributeValue> item = new HashMap<>(key(lease.name()));
        item.put(OWNER, AttributeValue.fromS(lease.owner()));
        item.put(EPOCH, AttributeValue.fromN(Long.toString(lease.epoch())));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(lease.expiresAtMs())));
        item.put(TTL, AttributeValue.fromN(Long.toString((lease.expiresAtMs() + KEEP_AFTER_EXPIRY.toMillis()) / 1000)));
        return item;
    }
}
