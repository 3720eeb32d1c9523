package dev.tributary.functions.groups;

import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.TopicPartitions;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.storage.GroupStore;
import dev.tributary.storage.PartitionHead;
import dev.tributary.storage.PartitionStore;
import dev.tributary.storage.Topic;
import dev.tributary.storage.groups.CommittedOffset;
import dev.tributary.storage.groups.GroupMember;
import dev.tributary.storage.groups.GroupState;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.HeartbeatResponse;
import dev.tributary.storage.groups.OffsetCommit;
import dev.tributary.storage.groups.TopicPartition;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer groups over {@link GroupStore}: heartbeats, offset commits, offsets with lag, and
 * group descriptions as JSON-ready maps. Stateless apart from the topic cache; thread-safe.
 *
 * <p>Subscribing to a topic that does not exist is accepted: the member gets no partitions of
 * it until it is created, and every heartbeat answer lists it under {@code unknownTopics}
 * (as Kafka consumers may subscribe to topics that do not exist yet).
 */
@Singleton
public class GroupService {
    private final GroupStore groups;
    private final TopicService topics;
    private final PartitionStore partitions;
    private final GroupsConfig config;

    public GroupService(GroupStore groups, TopicService topics, PartitionStore partitions, GroupsConfig config) {
        this.groups = groups;
        this.topics = topics;
        this.partitions = partitions;
        this.config = config;
    }

    public GroupHeartbeatResponse heartbeat(String group, HeartbeatRequest request) {
        GroupNames.validateGroup(group);
        Set<String> unknown = ConcurrentHashMap.newKeySet();
        HeartbeatResponse r = groups.heartbeat(group, request, topic -> {
            Optional<Topic> t = findTopic(topic);
            if (t.isEmpty()) {
                unknown.add(topic);
            }
            return t.map(Topic::partitions).orElse(null);
        });
        return new GroupHeartbeatResponse(r.memberId(), r.memberEpoch(), heartbeatIntervalMs(request, r),
                wirePartitions(r.assignment()), wirePartitions(r.pendingRevocation()), List.copyOf(new TreeSet<>(unknown)));
    }

    private static List<TopicPartitions> wirePartitions(Collection<TopicPartition> partitions) {
        List<TopicPartitions> out = new ArrayList<>();
        TopicPartition.byTopic(partitions).forEach((topic, ps) -> out.add(new TopicPartitions(topic, ps)));
        return out;
    }

    public Map<String, Object> commit(String group, String memberId, Integer memberEpoch, List<OffsetCommit> offsets) {
        GroupNames.validateGroup(group);
        if (memberId != null) {
            GroupNames.validateMember(memberId);
            if (memberEpoch == null || memberEpoch < 1) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "'memberEpoch' (the member's current epoch, >= 1) is "
                        + "required with 'memberId'.");
            }
        } else if (memberEpoch != null && memberEpoch != -1) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "'memberEpoch' needs a 'memberId'; commits without "
                    + "membership send neither (or memberEpoch -1).");
        }
        for (OffsetCommit c : offsets) {
            Topic topic = topics.requirePartition(c.topic(), c.partition());
            PartitionHead head = partitions.head(topic.topicId(), c.partition());
            if (c.offset() > head.nextOffset()) {
                throw new ApiException(ErrorCode.OFFSET_OUT_OF_RANGE, "Offset " + c.offset() + " is beyond the end of partition "
                        + c.partition() + " of '" + c.topic() + "' (latest offset " + head.nextOffset()
                        + "); a committed offset is the next offset to consume, at most the latest offset.")
                        .with("topic", c.topic()).with("partition", c.partition())
                        .with("earliestOffset", head.logStartOffset()).with("latestOffset", head.nextOffset());
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (CommittedOffset o : groups.commitOffsets(group, memberId, memberEpoch == null ? -1 : memberEpoch, offsets)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", o.topic());
            m.put("partition", o.partition());
            m.put("offset", o.offset());
            m.put("metadata", o.metadata());
            m.put("commitTimeMs", o.commitTimeMs());
            out.add(m);
        }
        return Map.of("offsets", out);
    }

    public Map<String, Object> offsets(String group, String topicFilter) {
        GroupNames.validateGroup(group);
        groups.describe(group).orElseThrow(() -> groupNotFound(group));
        return Map.of("offsets", offsetsJson(group, topicFilter));
    }

    public Map<String, Object> deleteOffsets(String group, String topic) {
        GroupNames.validateGroup(group);
        int deleted = groups.deleteOffsets(group, topic);
        return Map.of("deleted", deleted);
    }

    /** Deletes an empty group with its offsets; {@code GROUP_NOT_EMPTY} while members are live. */
    public Map<String, Object> deleteGroup(String group) {
        GroupNames.validateGroup(group);
        int deleted = groups.deleteGroup(group);
        return Map.of("group", group, "deletedOffsets", deleted);
    }

    public Map<String, Object> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GroupState g : groups.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.group());
            m.put("state", g.state());
            m.put("members", g.members().size());
            out.add(m);
        }
        return Map.of("groups", out);
    }

    public Map<String, Object> describe(String group) {
        GroupNames.validateGroup(group);
        GroupState g = groups.describe(group).orElseThrow(() -> groupNotFound(group));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", g.group());
        out.put("state", g.state());
        out.put("groupEpoch", g.groupEpoch());
        out.put("assignmentEpoch", g.assignmentEpoch());
        out.put("topics", g.subscribedTopics());
        List<Map<String, Object>> members = new ArrayList<>();
        for (GroupMember m : g.members().values()) {
            Set<TopicPartition> target = g.targetOf(m.memberId());
            Set<TopicPartition> revoking = new TreeSet<>(m.owned());
            revoking.removeAll(target);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("memberId", m.memberId());
            j.put("memberEpoch", m.memberEpoch());
            j.put("topics", m.topics());
            j.put("ownedPartitions", partitionsJson(m.owned()));
            j.put("assignedPartitions", partitionsJson(m.assigned()));
            j.put("targetPartitions", partitionsJson(target));
            j.put("pendingRevocation", partitionsJson(revoking));
            j.put("joinedAtMs", m.joinedAtMs());
            j.put("lastHeartbeatMs", m.lastHeartbeatMs());
            j.put("sessionTimeoutMs", m.sessionTimeoutMs());
            j.put("rebalanceTimeoutMs", m.rebalanceTimeoutMs());
            j.put("expiresAtMs", m.deadlineMs());
            members.add(j);
        }
        out.put("members", members);
        Map<TopicPartition, String> owners = g.owners();
        Map<TopicPartition, String> targets = new HashMap<>();
        g.target().forEach((id, ps) -> ps.forEach(tp -> targets.put(tp, id)));
        Set<TopicPartition> all = new TreeSet<>(targets.keySet());
        all.addAll(owners.keySet());
        List<Map<String, Object>> assignment = new ArrayList<>();
        for (TopicPartition tp : all) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("topic", tp.topic());
            a.put("partition", tp.partition());
            a.put("memberId", owners.get(tp));
            a.put("targetMemberId", targets.get(tp));
            assignment.add(a);
        }
        out.put("assignment", assignment);
        out.put("offsets", offsetsJson(group, null));
        return out;
    }

    private List<Map<String, Object>> offsetsJson(String group, String topicFilter) {
        Map<String, Optional<Topic>> seen = new HashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (CommittedOffset o : groups.offsets(group)) {
            if (topicFilter != null && !topicFilter.equals(o.topic())) {
                continue;
            }
            Optional<Topic> topic = seen.computeIfAbsent(o.topic(), this::findTopic);
            if (topic.isPresent() && o.commitTimeMs() < topic.get().createdAtMs()) {
                // Committed against an earlier topic of this name, deleted since: Kafka drops a
                // deleted topic's offsets, so a re-created topic starts without them.
                continue;
            }
            Long logEnd = topic.filter(t -> o.partition() < t.partitions())
                    .map(t -> partitions.head(t.topicId(), o.partition()).nextOffset()).orElse(null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", o.topic());
            m.put("partition", o.partition());
            m.put("offset", o.offset());
            m.put("metadata", o.metadata());
            m.put("logEndOffset", logEnd);
            m.put("lag", logEnd == null ? null : Math.max(0, logEnd - o.offset()));
            m.put("commitTimeMs", o.commitTimeMs());
            out.add(m);
        }
        return out;
    }

    private Optional<Topic> findTopic(String name) {
        try {
            return Optional.of(topics.require(name));
        } catch (ApiException e) {
            if (e.code() == ErrorCode.TOPIC_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private long heartbeatIntervalMs(HeartbeatRequest request, HeartbeatResponse r) {
        if (r.memberEpoch() < 0) {
            return 0;
        }
        long interval = config.getHeartbeatInterval().toMillis();
        if (request.sessionTimeoutMs() != null) {
            interval = Math.min(interval, request.sessionTimeoutMs() / 3);
        }
        if (r.reconciling()) {
            interval = Math.min(interval, config.getReconcilingHeartbeatInterval().toMillis());
        }
        return interval;
    }

    static List<Map<String, Object>> partitionsJson(Collection<TopicPartition> partitions) {
        List<Map<String, Object>> out = new ArrayList<>();
        TopicPartition.byTopic(partitions).forEach((topic, ps) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", topic);
            m.put("partitions", ps);
            out.add(m);
        });
        return out;
    }

    private static ApiException groupNotFound(String group) {
        return new ApiException(ErrorCode.GROUP_NOT_FOUND, "Group '" + group + "' does not exist.").with("group", group);
    }
}
