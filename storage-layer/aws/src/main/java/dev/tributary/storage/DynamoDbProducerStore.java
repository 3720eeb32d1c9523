package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link ProducerStore} on the producers table (key {@code pk}, {@code sk}):
 * <ul>
 *   <li>{@code ("pid#<id>", "meta")}: {@code epoch}, the producer's current epoch, and
 *       {@code owner}, the principal that allocated it (ids are random, not counted);</li>
 *   <li>{@code ("pid#<id>", "<topicId>#<partition>")}: {@code epoch}, {@code lastSeq} and
 *       {@code recent} (a list of {@code [firstSeq, lastSeq, baseOffset]}), written by the
 *       commit transaction.</li>
 * </ul>
 * Uses the low-level client for the epoch counter ({@code ADD ... RETURN UPDATED_NEW}).
 * Thread-safe.
 */
public final class DynamoDbProducerStore implements ProducerStore {
    static final String EPOCH = "epoch";
    static final String LAST_SEQ = "lastSeq";
    static final String RECENT = "recent";
    static final String META = "meta";
    static final String OWNER = "owner";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbProducerStore(DynamoDbClient dynamo, DynamoDbTables tables) {
        this.dynamo = dynamo;
        this.table = tables.producers();
    }

    static String pk(long producerId) {
        return "pid#" + producerId;
    }

    static Map<String, AttributeValue> metaKey(long producerId) {
        return Map.of(DynamoDbTables.PRODUCERS_PK, AttributeValue.fromS(pk(producerId)),
                DynamoDbTables.PRODUCERS_SK, AttributeValue.fromS(META));
    }

    static Map<String, AttributeValue> stateKey(long producerId, UUID topicId, int partition) {
        return Map.of(DynamoDbTables.PRODUCERS_PK, AttributeValue.fromS(pk(producerId)),
                DynamoDbTables.PRODUCERS_SK, AttributeValue.fromS(DynamoDbTables.tp(topicId, partition)));
    }

    @Override
    public ProducerIdentity allocate(String owner) {
        for (int attempt = 0; ; attempt++) {
            long id = randomId();
            try {
                AwsCalls.run("Registering producer", () -> dynamo.putItem(r -> r.tableName(table)
                        .item(Map.of(DynamoDbTables.PRODUCERS_PK, AttributeValue.fromS(pk(id)),
                                DynamoDbTables.PRODUCERS_SK, AttributeValue.fromS(META),
                                EPOCH, AttributeValue.fromN("0"),
                                OWNER, AttributeValue.fromS(owner)))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PRODUCERS_PK))));
                return new ProducerIdentity(id, (short) 0);
            } catch (ConditionalCheckFailedException e) {
                // A collision among 2^62 ids is all but impossible; draw again rather than reuse.
                if (attempt >= 3) {
                    throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Could not draw a free producer id.", e);
                }
            }
        }
    }

    /**
     * Ids are random so that knowing one's own id says nothing about anyone else's. They stay
     * below 2^62: ids with bit 62 set stand for idempotency keys ({@link dev.tributary.storage.log.IdempotencyKeys}).
     */
    private static long randomId() {
        long id;
        do {
            id = RANDOM.nextLong() >>> 2;
        } while (id < 1L << 32);
        return id;
    }

    @Override
    public ProducerIdentity bumpEpoch(long producerId, String owner) {
        try {
            UpdateItemResponse r = AwsCalls.call("Bumping producer epoch", () -> dynamo.updateItem(b -> b
                    .tableName(table).key(metaKey(producerId))
                    .updateExpression("ADD #e :one")
                    .conditionExpression("attribute_exists(#e) AND #e < :max AND "
                            + (owner.equals(ANONYMOUS_OWNER) ? "(#o = :owner OR attribute_not_exists(#o))" : "#o = :owner"))
                    .expressionAttributeNames(Map.of("#e", EPOCH, "#o", OWNER))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":max", AttributeValue.fromN(Short.toString(Short.MAX_VALUE)),
                            ":owner", AttributeValue.fromS(owner)))
                    .returnValues(ReturnValue.UPDATED_NEW)));
            return new ProducerIdentity(producerId, Short.parseShort(r.attributes().get(EPOCH).n()));
        } catch (ConditionalCheckFailedException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Producer id " + producerId
                    + " is not one of yours (or its epochs are exhausted); ask for a new one with POST /v1/producers.");
        }
    }

    @Override
    public Optional<Short> raiseEpoch(long producerId, short epoch) {
        try {
            AwsCalls.run("Raising producer epoch", () -> dynamo.updateItem(b -> b
                    .tableName(table).key(metaKey(producerId))
                    .updateExpression("SET #e = :e")
                    .conditionExpression("attribute_exists(#e) AND #e <= :e")
                    .expressionAttributeNames(Map.of("#e", EPOCH))
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromN(Short.toString(epoch))))));
            return Optional.of(epoch);
        } catch (ConditionalCheckFailedException e) {
            // Unknown id, or a higher epoch is recorded already: either way, say what is there.
            return currentEpoch(producerId);
        }
    }

    @Override
    public Optional<Short> currentEpoch(long producerId) {
        GetItemResponse r = AwsCalls.call("Reading producer", () -> dynamo.getItem(b -> b
                .tableName(table).key(metaKey(producerId)).consistentRead(true)));
        return r.hasItem() && r.item().containsKey(EPOCH)
                ? Optional.of(Short.parseShort(r.item().get(EPOCH).n())) : Optional.empty();
    }

    @Override
    public Map<Long, Map<Integer, ProducerState>> legacyStates(UUID topicId) {
        Map<Long, Map<Integer, ProducerState>> out = new java.util.HashMap<>();
        String prefix = topicId + "#";
        AwsCalls.run("Reading producer states of " + topicId, () -> dynamo.scanPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .filterExpression("begins_with(#sk, :p) AND attribute_exists(#l)")
                        .expressionAttributeNames(Map.of("#sk", DynamoDbTables.PRODUCERS_SK, "#l", LAST_SEQ))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix))))
                .items().forEach(item -> {
                    long pid = Long.parseLong(item.get(DynamoDbTables.PRODUCERS_PK).s().substring("pid#".length()));
                    int partition = Integer.parseInt(item.get(DynamoDbTables.PRODUCERS_SK).s().substring(prefix.length()));
                    out.computeIfAbsent(pid, k -> new java.util.HashMap<>()).put(partition, fromItem(item));
                }));
        return out;
    }

    static ProducerState fromItem(Map<String, AttributeValue> item) {
        List<ProducerState.CommittedBatch> recent = new ArrayList<>();
        AttributeValue list = item.get(RECENT);
        if (list != null && list.hasL()) {
            for (AttributeValue b : list.l()) {
                recent.add(new ProducerState.CommittedBatch(Integer.parseInt(b.l().get(0).n()),
                        Integer.parseInt(b.l().get(1).n()), Long.parseLong(b.l().get(2).n())));
            }
        }
        return new ProducerState(Short.parseShort(item.get(EPOCH).n()), Integer.parseInt(item.get(LAST_SEQ).n()), recent);
    }

    static AttributeValue recentToAttribute(List<ProducerState.CommittedBatch> recent) {
        List<AttributeValue> list = new ArrayList<>(recent.size());
        for (ProducerState.CommittedBatch b : recent) {
            list.add(AttributeValue.fromL(List.of(AttributeValue.fromN(Integer.toString(b.firstSequence())),
                    AttributeValue.fromN(Integer.toString(b.lastSequence())), AttributeValue.fromN(Long.toString(b.baseOffset())))));
        }
        return AttributeValue.fromL(list);
    }
}
