package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.groups.CommittedOffset;
import dev.tributary.storage.groups.GroupMember;
import dev.tributary.storage.groups.GroupState;
import dev.tributary.storage.groups.GroupStateMachine;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.HeartbeatResponse;
import dev.tributary.storage.groups.OffsetCommit;
import dev.tributary.storage.groups.TopicPartition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link GroupStore} on the groups table (key: {@code group}, {@code sk}). Thread-safe; any
 * number of instances in any number of processes may serve the same group.
 *
 * <p>Items of one group, all under partition key {@code group}:
 * <table>
 *   <caption>groups table items</caption>
 *   <tr><th>{@code sk}</th><th>attributes</th></tr>
 *   <tr><td>{@code meta}</td><td>{@code version} (optimistic concurrency), {@code groupEpoch},
 *       {@code assignmentEpoch}, {@code memberCount}, {@code partitionCounts} (map topic → count),
 *       {@code target} (map member id → {@code orders:0,1;payments:2}), {@code createdAtMs}, {@code updatedAtMs}</td></tr>
 *   <tr><td>{@code member#<id>}</td><td>{@code memberEpoch}, {@code previousEpoch}, {@code topics} (list),
 *       {@code owned} and {@code assigned} (string sets of {@code topic:partition}), {@code sessionTimeoutMs},
 *       {@code rebalanceTimeoutMs}, {@code joinedAtMs}, {@code lastHeartbeatMs}, {@code deadlineMs},
 *       {@code revokeDeadlineMs}, {@code rev}</td></tr>
 *   <tr><td>{@code offset#<topic>#<partition>}</td><td>{@code offset}, {@code metadata}, {@code commitTimeMs},
 *       {@code memberId}, {@code memberEpoch}</td></tr>
 * </table>
 *
 * <p>Every change of membership, ownership or target is one {@code TransactWriteItems} that
 * puts the group record conditioned on the {@code version} read (the group record is read
 * first, then the members, so a change landing between the two reads fails the condition),
 * puts the changed member item and deletes removed members conditioned on the deadline read
 * (so a member that just heartbeated is not removed as expired). A heartbeat that changes
 * nothing but the member's liveness updates only its item, conditioned on its {@code rev};
 * steady-state heartbeats therefore do not contend on the group record. A lost condition
 * re-reads and recomputes; it is a result, not an error.
 *
 * <p>Offset commits are conditioned, in the same transaction, on the member item: deadline
 * not passed, epoch current or previous, and {@code contains(owned, partition)} for each
 * partition committed.
 *
 * <p>Uses the low-level client: one table holds items of three shapes, and the conditions
 * need {@code contains} on string sets alongside puts, deletes and condition checks in one
 * transaction.
 */
public final class DynamoDbGroupStore implements GroupStore {
    static final String META = "meta";
    static final String MEMBER_PREFIX = "member#";
    static final String OFFSET_PREFIX = "offset#";

    private static final String VERSION = "version";
    private static final String GROUP_EPOCH = "groupEpoch";
    private static final String ASSIGNMENT_EPOCH = "assignmentEpoch";
    private static final String MEMBER_COUNT = "memberCount";
    private static final String PARTITION_COUNTS = "partitionCounts";
    private static final String TARGET = "target";
    private static final String CREATED_AT = "createdAtMs";
    private static final String UPDATED_AT = "updatedAtMs";
    private static final String MEMBER_ID = "memberId";
    private static final String MEMBER_EPOCH = "memberEpoch";
    private static final String PREVIOUS_EPOCH = "previousEpoch";
    private static final String TOPICS = "topics";
    private static final String OWNED = "owned";
    private static final String ASSIGNED = "assigned";
    private static final String SESSION_TIMEOUT = "sessionTimeoutMs";
    private static final String REBALANCE_TIMEOUT = "rebalanceTimeoutMs";
    private static final String JOINED_AT = "joinedAtMs";
    private static final String LAST_HEARTBEAT = "lastHeartbeatMs";
    private static final String DEADLINE = "deadlineMs";
    private static final String REVOKE_DEADLINE = "revokeDeadlineMs";
    private static final String REV = "rev";
    private static final String TOPIC = "topic";
    private static final String PARTITION = "partition";
    private static final String OFFSET = "offset";
    private static final String METADATA = "metadata";
    private static final String COMMIT_TIME = "commitTimeMs";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final int maxAttempts;

    public DynamoDbGroupStore(DynamoDbClient dynamo, DynamoDbTables tables, Clock clock) {
        this(dynamo, tables, clock, 64);
    }

    public DynamoDbGroupStore(DynamoDbClient dynamo, DynamoDbTables tables, Clock clock, int maxAttempts) {
        this.dynamo = dynamo;
        this.table = tables.groups();
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public HeartbeatResponse heartbeat(String group, HeartbeatRequest request, Function<String, Integer> partitionCounts) {
        String newMemberId = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long now = clock.millis();
            GroupState before = load(group, now);
            GroupStateMachine.Outcome outcome = GroupStateMachine.heartbeat(before, request, partitionCounts, now, newMemberId);
            GroupState after = outcome.state();
            if (after.equals(before)) {
                return outcome.response();
            }
            String id = outcome.response().memberId();
            GroupMember was = before.members().get(id);
            GroupMember is = after.members().get(id);
            if (was != null && is != null && after.equals(withMember(before, was.withLivenessOf(is)))) {
                if (refreshLiveness(group, is)) {
                    return outcome.response();
                }
            } else {
                after.owners(); // the ownership invariant; a violation here is a bug, never stored
                if (write(before, after, now)) {
                    return outcome.response();
                }
            }
            backoff(attempt);
        }
        throw contended(group);
    }

    @Override
    public Optional<GroupState> describe(String group) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long now = clock.millis();
            GroupState before = load(group, now);
            if (!before.exists()) {
                return Optional.empty();
            }
            GroupState after = GroupStateMachine.expire(before, now);
            if (after.equals(before) || write(before, after, now)) {
                return Optional.of(after);
            }
            backoff(attempt);
        }
        throw contended(group);
    }

    @Override
    public List<GroupState> list() {
        List<String> groups = new ArrayList<>();
        AwsCalls.run("Listing groups", () -> dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)
                        .filterExpression("#sk = :meta")
                        .expressionAttributeNames(Map.of("#sk", DynamoDbTables.GROUPS_SK))
                        .expressionAttributeValues(Map.of(":meta", AttributeValue.fromS(META))))
                .items().forEach(item -> groups.add(item.get(DynamoDbTables.GROUPS_PK).s())));
        groups.sort(Comparator.naturalOrder());
        List<GroupState> out = new ArrayList<>();
        long now = clock.millis();
        for (String g : groups) {
            GroupState s = load(g, now);
            if (s.exists()) {
                out.add(GroupStateMachine.expire(s, now));
            }
        }
        return out;
    }

    @Override
    public List<CommittedOffset> offsets(String group) {
        List<CommittedOffset> out = new ArrayList<>();
        AwsCalls.run("Reading committed offsets of group " + group, () -> dynamo.queryPaginator(
                query(group, OFFSET_PREFIX)).items().forEach(item -> out.add(offsetFromItem(item))));
        out.sort(Comparator.comparing(CommittedOffset::topicPartition));
        return out;
    }

    @Override
    public List<CommittedOffset> commitOffsets(String group, String memberId, int memberEpoch, List<OffsetCommit> offsets) {
        List<CommittedOffset> committed = new ArrayList<>();
        for (int from = 0; from < offsets.size(); from += MAX_OFFSETS_PER_TRANSACTION) {
            List<OffsetCommit> part = offsets.subList(from, Math.min(offsets.size(), from + MAX_OFFSETS_PER_TRANSACTION));
            committed.addAll(memberId == null ? commitWithoutMembership(group, part) : commitAsMember(group, memberId, memberEpoch, part));
        }
        return committed;
    }

    private List<CommittedOffset> commitAsMember(String group, String memberId, int memberEpoch, List<OffsetCommit> offsets) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long now = clock.millis();
            GetItemResponse read = AwsCalls.call("Reading member " + memberId, () -> dynamo.getItem(r -> r.tableName(table)
                    .consistentRead(true).key(key(group, MEMBER_PREFIX + memberId))));
            GroupMember member = read.hasItem() && !read.item().isEmpty() ? memberFromItem(read.item()) : null;
            if (member == null || member.expiredAt(now)) {
                throw GroupStateMachine.unknownMember(group, memberId);
            }
            if (!member.acceptsEpoch(memberEpoch)) {
                throw GroupStateMachine.fenced(group, memberId, memberEpoch);
            }
            for (OffsetCommit c : offsets) {
                if (!member.owned().contains(c.topicPartition())) {
                    throw new ApiException(ErrorCode.FENCED_MEMBER_EPOCH, "Member '" + memberId + "' of group '" + group
                            + "' does not own " + c.topic() + " partition " + c.partition() + " at epoch " + memberEpoch
                            + "; only the owner may commit its offset.")
                            .with("group", group).with("memberId", memberId).with("topic", c.topic())
                            .with("partition", c.partition());
                }
            }
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":now", num(now));
            values.put(":zero", num(0));
            values.put(":e", num(memberEpoch));
            StringBuilder condition = new StringBuilder("#d >= :now AND (#rd = :zero OR #rd >= :now) AND (#e = :e OR #pe = :e)");
            for (int i = 0; i < offsets.size(); i++) {
                condition.append(" AND contains(#o, :p").append(i).append(')');
                values.put(":p" + i, AttributeValue.fromS(offsets.get(i).topicPartition().encode()));
            }
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                    .key(key(group, MEMBER_PREFIX + memberId))
                    .conditionExpression(condition.toString())
                    .expressionAttributeNames(Map.of("#d", DEADLINE, "#rd", REVOKE_DEADLINE, "#e", MEMBER_EPOCH,
                            "#pe", PREVIOUS_EPOCH, "#o", OWNED))
                    .expressionAttributeValues(values).build()).build());
            List<CommittedOffset> result = new ArrayList<>();
            for (OffsetCommit c : offsets) {
                CommittedOffset co = new CommittedOffset(c.topic(), c.partition(), c.offset(), c.metadata(), now, memberId, memberEpoch);
                result.add(co);
                items.add(offsetPut(group, co));
            }
            if (transact("Committing offsets of group " + group, items)) {
                return result;
            }
            backoff(attempt);
        }
        throw contended(group);
    }

    private List<CommittedOffset> commitWithoutMembership(String group, List<OffsetCommit> offsets) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            GroupState current = describe(group).orElse(null);
            if (current != null && !current.members().isEmpty()) {
                throw new ApiException(ErrorCode.UNKNOWN_MEMBER, "Group '" + group + "' has " + current.members().size()
                        + " live member(s); offsets can be committed without 'memberId' only while a group has no members.")
                        .with("group", group);
            }
            long now = clock.millis();
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(group, META))
                    .updateExpression("SET #v = if_not_exists(#v, :zero) + :one, #ge = if_not_exists(#ge, :zero), "
                            + "#ae = if_not_exists(#ae, :zero), #mc = if_not_exists(#mc, :zero), "
                            + "#c = if_not_exists(#c, :now), #u = :now")
                    .conditionExpression("attribute_not_exists(#mc) OR #mc = :zero")
                    .expressionAttributeNames(Map.of("#v", VERSION, "#ge", GROUP_EPOCH, "#ae", ASSIGNMENT_EPOCH,
                            "#mc", MEMBER_COUNT, "#c", CREATED_AT, "#u", UPDATED_AT))
                    .expressionAttributeValues(Map.of(":zero", num(0), ":one", num(1), ":now", num(now)))
                    .build()).build());
            List<CommittedOffset> result = new ArrayList<>();
            for (OffsetCommit c : offsets) {
                CommittedOffset co = new CommittedOffset(c.topic(), c.partition(), c.offset(), c.metadata(), now, null, -1);
                result.add(co);
                items.add(offsetPut(group, co));
            }
            if (transact("Committing offsets of group " + group, items)) {
                return result;
            }
            backoff(attempt);
        }
        throw contended(group);
    }

    @Override
    public int deleteOffsets(String group, String topic) {
        int deleted = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            GroupState current = describe(group).orElseThrow(() -> groupNotFound(group));
            if (!current.members().isEmpty()) {
                throw new ApiException(ErrorCode.GROUP_NOT_EMPTY, "Group '" + group + "' has " + current.members().size()
                        + " live member(s); its offsets can only be deleted while it has none.").with("group", group);
            }
            List<CommittedOffset> toDelete = new ArrayList<>();
            for (CommittedOffset o : offsets(group)) {
                if (topic == null || topic.equals(o.topic())) {
                    toDelete.add(o);
                }
            }
            if (toDelete.isEmpty()) {
                return deleted;
            }
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key(group, META))
                    .conditionExpression("#mc = :zero")
                    .expressionAttributeNames(Map.of("#mc", MEMBER_COUNT))
                    .expressionAttributeValues(Map.of(":zero", num(0))).build()).build());
            List<CommittedOffset> part = toDelete.subList(0, Math.min(toDelete.size(), MAX_OFFSETS_PER_TRANSACTION));
            for (CommittedOffset o : part) {
                items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(group, offsetSk(o.topic(), o.partition()))).build()).build());
            }
            if (transact("Deleting offsets of group " + group, items)) {
                deleted += part.size();
                attempt = 0; // progress made: the next part gets a fresh set of attempts
            } else {
                backoff(attempt);
            }
        }
        throw contended(group);
    }

    @Override
    public int deleteGroup(String group) {
        int deleted = deleteOffsets(group, null);
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            GroupState current = describe(group).orElseThrow(() -> groupNotFound(group));
            if (!current.members().isEmpty()) {
                throw new ApiException(ErrorCode.GROUP_NOT_EMPTY, "Group '" + group + "' has " + current.members().size()
                        + " live member(s); it can only be deleted while it has none.").with("group", group);
            }
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(group, META))
                    .conditionExpression("#mc = :zero")
                    .expressionAttributeNames(Map.of("#mc", MEMBER_COUNT))
                    .expressionAttributeValues(Map.of(":zero", num(0))).build()).build());
            if (transact("Deleting group " + group, items)) {
                return deleted;
            }
            backoff(attempt);
        }
        throw contended(group);
    }

    // ---- reading and writing group state

    /** The group record (read first) and then its members; an absent record is an empty, unstored group. */
    GroupState load(String group, long now) {
        GetItemResponse meta = AwsCalls.call("Reading group " + group, () -> dynamo.getItem(r -> r.tableName(table)
                .consistentRead(true).key(key(group, META))));
        if (!meta.hasItem() || meta.item().isEmpty()) {
            return GroupState.empty(group, now);
        }
        Map<String, AttributeValue> m = meta.item();
        Map<String, GroupMember> members = new TreeMap<>();
        AwsCalls.run("Reading members of group " + group, () -> dynamo.queryPaginator(query(group, MEMBER_PREFIX)).items()
                .forEach(item -> {
                    GroupMember member = memberFromItem(item);
                    members.put(member.memberId(), member);
                }));
        Map<String, Integer> counts = new TreeMap<>();
        if (m.containsKey(PARTITION_COUNTS)) {
            m.get(PARTITION_COUNTS).m().forEach((t, v) -> counts.put(t, Integer.parseInt(v.n())));
        }
        Map<String, Set<TopicPartition>> target = new TreeMap<>();
        if (m.containsKey(TARGET)) {
            m.get(TARGET).m().forEach((id, v) -> target.put(id, TopicPartition.decodeSet(v.s())));
        }
        return new GroupState(group, longOf(m, VERSION), (int) longOf(m, GROUP_EPOCH), (int) longOf(m, ASSIGNMENT_EPOCH),
                counts, target, members, longOf(m, CREATED_AT));
    }

    /** Stores {@code after} in place of {@code before}; false when someone else changed the group first. */
    private boolean write(GroupState before, GroupState after, long now) {
        List<TransactWriteItem> items = new ArrayList<>();
        Map<String, AttributeValue> meta = new HashMap<>(key(after.group(), META));
        meta.put(VERSION, num(before.version() + 1));
        meta.put(GROUP_EPOCH, num(after.groupEpoch()));
        meta.put(ASSIGNMENT_EPOCH, num(after.assignmentEpoch()));
        meta.put(MEMBER_COUNT, num(after.members().size()));
        meta.put(CREATED_AT, num(after.createdAtMs()));
        meta.put(UPDATED_AT, num(now));
        Map<String, AttributeValue> counts = new HashMap<>();
        after.partitionCounts().forEach((t, c) -> counts.put(t, num(c)));
        meta.put(PARTITION_COUNTS, AttributeValue.fromM(counts));
        Map<String, AttributeValue> target = new HashMap<>();
        after.target().forEach((id, ps) -> {
            if (!ps.isEmpty()) {
                target.put(id, AttributeValue.fromS(TopicPartition.encodeSet(ps)));
            }
        });
        meta.put(TARGET, AttributeValue.fromM(target));
        Put.Builder metaPut = Put.builder().tableName(table).item(meta).expressionAttributeNames(Map.of("#v", VERSION));
        if (before.exists()) {
            metaPut.conditionExpression("#v = :v").expressionAttributeValues(Map.of(":v", num(before.version())));
        } else {
            metaPut.conditionExpression("attribute_not_exists(#v)");
        }
        items.add(TransactWriteItem.builder().put(metaPut.build()).build());
        for (GroupMember m : after.members().values()) {
            GroupMember old = before.members().get(m.memberId());
            if (!m.equals(old)) {
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(memberItem(after.group(), m, old == null ? Math.max(now, m.rev() + 1) : old.rev() + 1)).build()).build());
            }
        }
        for (GroupMember old : before.members().values()) {
            if (!after.members().containsKey(old.memberId())) {
                items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(after.group(), MEMBER_PREFIX + old.memberId()))
                        .conditionExpression("#d = :d")
                        .expressionAttributeNames(Map.of("#d", DEADLINE))
                        .expressionAttributeValues(Map.of(":d", num(old.deadlineMs()))).build()).build());
            }
        }
        return transact("Updating group " + after.group(), items);
    }

    /** The liveness-only path: moves the member's deadline, conditioned on nothing else having changed it. */
    private boolean refreshLiveness(String group, GroupMember m) {
        try {
            AwsCalls.run("Heartbeat of member " + m.memberId(), () -> dynamo.updateItem(r -> r.tableName(table)
                    .key(key(group, MEMBER_PREFIX + m.memberId()))
                    .updateExpression("SET #h = :h, #d = :d")
                    .conditionExpression("#r = :r")
                    .expressionAttributeNames(Map.of("#h", LAST_HEARTBEAT, "#d", DEADLINE, "#r", REV))
                    .expressionAttributeValues(Map.of(":h", num(m.lastHeartbeatMs()), ":d", num(m.deadlineMs()),
                            ":r", num(m.rev())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private boolean transact(String what, List<TransactWriteItem> items) {
        try {
            AwsCalls.run(what, () -> dynamo.transactWriteItems(r -> r.transactItems(items)));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    private static GroupState withMember(GroupState s, GroupMember m) {
        Map<String, GroupMember> members = new TreeMap<>(s.members());
        members.put(m.memberId(), m);
        return new GroupState(s.group(), s.version(), s.groupEpoch(), s.assignmentEpoch(), s.partitionCounts(), s.target(),
                members, s.createdAtMs());
    }

    // ---- item mapping

    private QueryRequest query(String group, String prefix) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#g = :g AND begins_with(#sk, :p)")
                .expressionAttributeNames(Map.of("#g", DynamoDbTables.GROUPS_PK, "#sk", DynamoDbTables.GROUPS_SK))
                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(group), ":p", AttributeValue.fromS(prefix)))
                .build();
    }

    private static Map<String, AttributeValue> key(String group, String sk) {
        return Map.of(DynamoDbTables.GROUPS_PK, AttributeValue.fromS(group), DynamoDbTables.GROUPS_SK, AttributeValue.fromS(sk));
    }

    static String offsetSk(String topic, int partition) {
        return OFFSET_PREFIX + topic + "#" + partition;
    }

    private static Map<String, AttributeValue> memberItem(String group, GroupMember m, long rev) {
        Map<String, AttributeValue> item = new HashMap<>(key(group, MEMBER_PREFIX + m.memberId()));
        item.put(MEMBER_ID, AttributeValue.fromS(m.memberId()));
        item.put(MEMBER_EPOCH, num(m.memberEpoch()));
        item.put(PREVIOUS_EPOCH, num(m.previousEpoch()));
        item.put(TOPICS, AttributeValue.fromL(m.topics().stream().map(AttributeValue::fromS).toList()));
        if (!m.owned().isEmpty()) {
            item.put(OWNED, AttributeValue.fromSs(m.owned().stream().map(TopicPartition::encode).sorted().toList()));
        }
        if (!m.assigned().isEmpty()) {
            item.put(ASSIGNED, AttributeValue.fromSs(m.assigned().stream().map(TopicPartition::encode).sorted().toList()));
        }
        item.put(SESSION_TIMEOUT, num(m.sessionTimeoutMs()));
        item.put(REBALANCE_TIMEOUT, num(m.rebalanceTimeoutMs()));
        item.put(JOINED_AT, num(m.joinedAtMs()));
        item.put(LAST_HEARTBEAT, num(m.lastHeartbeatMs()));
        item.put(DEADLINE, num(m.deadlineMs()));
        item.put(REVOKE_DEADLINE, num(m.revokeDeadlineMs()));
        item.put(REV, num(rev));
        return item;
    }

    private static GroupMember memberFromItem(Map<String, AttributeValue> item) {
        List<String> topics = item.containsKey(TOPICS) ? item.get(TOPICS).l().stream().map(AttributeValue::s).toList() : List.of();
        return new GroupMember(item.get(MEMBER_ID).s(), (int) longOf(item, MEMBER_EPOCH), (int) longOf(item, PREVIOUS_EPOCH),
                topics, partitions(item, OWNED), partitions(item, ASSIGNED), (int) longOf(item, SESSION_TIMEOUT),
                (int) longOf(item, REBALANCE_TIMEOUT), longOf(item, JOINED_AT), longOf(item, LAST_HEARTBEAT),
                longOf(item, REVOKE_DEADLINE), longOf(item, REV));
    }

    private static Set<TopicPartition> partitions(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasSs()) {
            return Set.of();
        }
        return Set.copyOf(v.ss().stream().map(TopicPartition::decode).toList());
    }

    private TransactWriteItem offsetPut(String group, CommittedOffset o) {
        Map<String, AttributeValue> item = new HashMap<>(key(group, offsetSk(o.topic(), o.partition())));
        item.put(TOPIC, AttributeValue.fromS(o.topic()));
        item.put(PARTITION, num(o.partition()));
        item.put(OFFSET, num(o.offset()));
        item.put(METADATA, AttributeValue.fromS(o.metadata() == null ? "" : o.metadata()));
        item.put(COMMIT_TIME, num(o.commitTimeMs()));
        if (o.memberId() != null) {
            item.put(MEMBER_ID, AttributeValue.fromS(o.memberId()));
        }
        item.put(MEMBER_EPOCH, num(o.memberEpoch()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private static CommittedOffset offsetFromItem(Map<String, AttributeValue> item) {
        return new CommittedOffset(item.get(TOPIC).s(), (int) longOf(item, PARTITION), longOf(item, OFFSET),
                item.containsKey(METADATA) ? item.get(METADATA).s() : "", longOf(item, COMMIT_TIME),
                item.containsKey(MEMBER_ID) ? item.get(MEMBER_ID).s() : null, (int) longOf(item, MEMBER_EPOCH));
    }

    private static long longOf(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static AttributeValue num(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static ApiException groupNotFound(String group) {
        return new ApiException(ErrorCode.GROUP_NOT_FOUND, "Group '" + group + "' does not exist.").with("group", group);
    }

    private static ApiException contended(String group) {
        return new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Group '" + group + "' is being changed concurrently by "
                + "many requests; retry.").with("group", group);
    }

    private static void backoff(int attempt) {
        long maxMs = Math.min(100, 2L << Math.min(attempt, 6));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, maxMs + 1) * 1_000_000L);
    }
}
