package dev.tributary.functions.groups;

import dev.tributary.core.api.CommittedOffsets;
import dev.tributary.core.api.GroupDeleted;
import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.GroupInfo;
import dev.tributary.core.api.GroupList;
import dev.tributary.core.api.OffsetsDeleted;
import dev.tributary.core.api.PartitionOffset;
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

    public CommittedOffsets commit(String group, String memberId, Integer memberEpoch, List<OffsetCommit> offsets) {
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
        List<PartitionOffset> out = new ArrayList<>();
        for (CommittedOffset o : groups.commitOffsets(group, memberId, memberEpoch == null ? -1 : memberEpoch, offsets)) {
            out.add(new PartitionOffset(o.topic(), o.partition(), o.offset(), o.metadata(), null, null, o.commitTimeMs()));
        }
        return new CommittedOffsets(out);
    }

    public CommittedOffsets offsets(String group, String topicFilter) {
        GroupNames.validateGroup(group);
        groups.describe(group).orElseThrow(() -> groupNotFound(group));
        return new CommittedOffsets(offsetsJson(group, topicFilter));
    }

    public OffsetsDeleted deleteOffsets(String group, String topic) {
        GroupNames.validateGroup(group);
        return new OffsetsDeleted(groups.deleteOffsets(group, topic));
    }

    /** Deletes an empty group with its offsets; {@code GROUP_NOT_EMPTY} while members are live. */
    public GroupDeleted deleteGroup(String group) {
        GroupNames.validateGroup(group);
        return new GroupDeleted(group, groups.deleteGroup(group));
    }

    public GroupList list() {
        return new GroupList(groups.list().stream()
                .map(g -> new GroupList.Entry(g.group(), g.state(), g.members().size())).toList());
    }

    public GroupInfo describe(String group) {
        GroupNames.validateGroup(group);
        GroupState g = groups.describe(group).orElseThrow(() -> groupNotFound(group));
        List<GroupInfo.Member> members = new ArrayList<>();
        for (GroupMember m : g.members().values()) {
            Set<TopicPartition> target = g.targetOf(m.memberId());
            Set<TopicPartition> revoking = new TreeSet<>(m.owned());
            revoking.removeAll(target);
            members.add(new GroupInfo.Member(m.memberId(), m.memberEpoch(), m.topics(), wirePartitions(m.owned()),
                    wirePartitions(m.assigned()), wirePartitions(target), wirePartitions(revoking), m.joinedAtMs(),
                    m.lastHeartbeatMs(), m.sessionTimeoutMs(), m.rebalanceTimeoutMs(), m.deadlineMs()));
        }
        Map<TopicPartition, String> owners = g.owners();
        Map<TopicPartition, String> targets = new HashMap<>();
        g.target().forEach((id, ps) -> ps.forEach(tp -> targets.put(tp, id)));
        Set<TopicPartition> all = new TreeSet<>(targets.keySet());
        all.addAll(owners.keySet());
        List<GroupInfo.Assignment> assignment = new ArrayList<>();
        for (TopicPartition tp : all) {
            assignment.add(new GroupInfo.Assignment(tp.topic(), tp.partition(), owners.get(tp), targets.get(tp)));
        }
        return new GroupInfo(g.group(), g.state(), g.groupEpoch(), g.assignmentEpoch(), List.copyOf(g.subscribedTopics()),
                members, assignment, offsetsJson(group, null));
    }

    private List<PartitionOffset> offsetsJson(String group, String topicFilter) {
        Map<String, Optional<Topic>> seen = new HashMap<>();
        List<PartitionOffset> out = new ArrayList<>();
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
            out.add(new PartitionOffset(o.topic(), o.partition(), o.offset(), o.metadata(), logEnd,
                    logEnd == null ? null : Math.max(0, logEnd - o.offset()), o.commitTimeMs()));
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

    private static ApiException groupNotFound(String group) {
        return new ApiException(ErrorCode.GROUP_NOT_FOUND, "Group '" + group + "' does not exist.").with("group", group);
    }
}
