package dev.tributary.kafka.internal;

import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.GroupInfo;
import dev.tributary.core.api.GroupList;
import dev.tributary.core.api.PartitionOffset;
import dev.tributary.core.api.TopicPartitions;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.groups.GroupService;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.ResourceType;
import dev.tributary.storage.Topic;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.OffsetCommit;
import dev.tributary.storage.groups.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.RequestContext;

/**
 * Consumer groups over the group service: FindCoordinator, the consumer protocol's
 * ConsumerGroupHeartbeat (KIP-848, which is Tributary's own group model: server-side
 * assignment, member epochs, cooperative hand-over), OffsetCommit, OffsetFetch,
 * OffsetDelete, ListGroups and DescribeGroups.
 *
 * <p>Groups live in DynamoDB, so every gateway is the coordinator of every group: FindCoordinator
 * names one of the advertised nodes, chosen by the key's hash to spread the connections. The
 * group namespace is the HTTP API's: offsets committed by a Kafka client are the SDK's and the
 * other way round. Thread-safe.
 */
public final class GroupHandlers {
    private static final byte GROUP_KEY = 0;
    private static final String PROTOCOL_TYPE = "consumer";

    private final GroupService groups;
    private final TopicResolver resolver;
    private final ClusterView cluster;
    private final Access access;

    public GroupHandlers(GroupService groups, TopicResolver resolver, ClusterView cluster, Access access) {
        this.groups = groups;
        this.resolver = resolver;
        this.cluster = cluster;
        this.access = access;
    }

    public CompletableFuture<AbstractResponse> findCoordinator(RequestContext context, AbstractRequest request) {
        FindCoordinatorRequestData req = ((FindCoordinatorRequest) request).data();
        FindCoordinatorResponseData data = new FindCoordinatorResponseData().setThrottleTimeMs(0);
        if (context.apiVersion() < 4) {
            FindCoordinatorResponseData.Coordinator c = coordinator(context, req.key(), req.keyType());
            data.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage())
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        } else {
            for (String key : req.coordinatorKeys()) {
                data.coordinators().add(coordinator(context, key, req.keyType()));
            }
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponse(data));
    }

    private FindCoordinatorResponseData.Coordinator coordinator(RequestContext context, String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator().setKey(key);
        if (keyType != GROUP_KEY) {
            return c.setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setNodeId(-1).setHost("").setPort(-1)
                    .setErrorMessage("Only consumer group coordinators exist here; transactions and share groups are not supported.");
        }
        if (!access.allowed(context, ResourceType.GROUP, key, AclOperation.DESCRIBE)) {
            return c.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setNodeId(-1).setHost("").setPort(-1)
                    .setErrorMessage(Access.principal(context) + " may not DESCRIBE group '" + key + "'.");
        }
        Node node = cluster.nodes().get(Math.floorMod(key == null ? 0 : key.hashCode(), cluster.nodes().size()));
        return c.setErrorCode(Errors.NONE.code()).setNodeId(node.id()).setHost(node.host()).setPort(node.port());
    }

    /**
     * One KIP-848 heartbeat. Epoch 0 joins (with the client's member id), -1 and -2 leave; the
     * owned partitions and the subscription are passed on when the client sends them (null
     * means unchanged, as in Tributary's groups). The answer always carries the member's
     * current assignment.
     */
    public CompletableFuture<AbstractResponse> consumerGroupHeartbeat(RequestContext context, AbstractRequest request) {
        ConsumerGroupHeartbeatRequestData req = ((ConsumerGroupHeartbeatRequest) request).data();
        ConsumerGroupHeartbeatResponseData data = new ConsumerGroupHeartbeatResponseData().setThrottleTimeMs(0);
        try {
            if (req.subscribedTopicRegex() != null && !req.subscribedTopicRegex().isEmpty()) {
                throw Errors.INVALID_REQUEST.exception("Regular-expression subscriptions are not supported; subscribe to topic names.");
            }
            access.group(context, req.groupId(), AclOperation.READ);
            if (req.subscribedTopicNames() != null) {
                req.subscribedTopicNames().forEach(t -> access.topic(context, t, AclOperation.DESCRIBE));
            }
            String memberId = req.memberId() == null || req.memberId().isEmpty() ? null : req.memberId();
            int epoch = req.memberEpoch() == -2 ? -1 : req.memberEpoch();
            Set<TopicPartition> owned = null;
            if (req.topicPartitions() != null) {
                owned = new HashSet<>();
                for (ConsumerGroupHeartbeatRequestData.TopicPartitions tps : req.topicPartitions()) {
                    Topic topic = resolver.byId(tps.topicId()).orElse(null);
                    if (topic != null) {
                        for (int p : tps.partitions()) {
                            owned.add(new TopicPartition(topic.name(), p));
                        }
                    }
                }
            }
            Integer rebalanceTimeoutMs = req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : null;
            GroupHeartbeatResponse r = groups.heartbeat(req.groupId(), new HeartbeatRequest(memberId, epoch,
                    req.subscribedTopicNames(), owned, null, rebalanceTimeoutMs));
            data.setErrorCode(Errors.NONE.code())
                    .setMemberId(r.memberId())
                    .setMemberEpoch(r.memberEpoch())
                    .setHeartbeatIntervalMs((int) Math.max(0, r.heartbeatIntervalMs()));
            if (epoch >= 0) {
                ConsumerGroupHeartbeatResponseData.Assignment assignment = new ConsumerGroupHeartbeatResponseData.Assignment();
                for (TopicPartitions e : r.assignment()) {
                    Topic topic = resolver.byName(e.topic());
                    assignment.topicPartitions().add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                            .setTopicId(TopicResolver.kafkaId(topic.topicId())).setPartitions(e.partitions()));
                }
                data.setAssignment(assignment);
            }
        } catch (RuntimeException e) {
            data.setErrorCode(groupError(e).code()).setErrorMessage(KafkaErrors.message(e))
                    .setMemberId(req.memberId()).setMemberEpoch(req.memberEpoch());
        }
        return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponse(data));
    }

    public CompletableFuture<AbstractResponse> offsetCommit(RequestContext context, AbstractRequest request) {
        OffsetCommitRequestData req = ((OffsetCommitRequest) request).data();
        OffsetCommitResponseData data = new OffsetCommitResponseData().setThrottleTimeMs(0);
        List<OffsetCommit> commits = new ArrayList<>();
        Errors error = Errors.NONE;
        String message = null;
        try {
            access.group(context, req.groupId(), AclOperation.READ);
            for (OffsetCommitRequestData.OffsetCommitRequestTopic t : req.topics()) {
                access.topic(context, t.name(), AclOperation.READ);
                for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                    commits.add(new OffsetCommit(t.name(), p.partitionIndex(), p.committedOffset(),
                            p.committedMetadata() == null ? "" : p.committedMetadata()));
                }
            }
            boolean member = req.memberId() != null && !req.memberId().isEmpty() && req.generationIdOrMemberEpoch() >= 0;
            groups.commit(req.groupId(), member ? req.memberId() : null,
                    member ? req.generationIdOrMemberEpoch() : null, commits);
        } catch (RuntimeException e) {
            error = groupError(e);
            message = KafkaErrors.message(e);
        }
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : req.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic topic = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(t.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                topic.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            data.topics().add(topic);
        }
        if (message != null) {
            org.slf4j.LoggerFactory.getLogger(GroupHandlers.class).debug("Offset commit refused: {}", message);
        }
        return CompletableFuture.completedFuture(new OffsetCommitResponse(data));
    }

    public CompletableFuture<AbstractResponse> offsetFetch(RequestContext context, AbstractRequest request) {
        OffsetFetchRequest fetchRequest = (OffsetFetchRequest) request;
        OffsetFetchRequestData req = fetchRequest.data();
        OffsetFetchResponseData data = new OffsetFetchResponseData().setThrottleTimeMs(0);
        if (context.apiVersion() >= OffsetFetchRequest.BATCH_MIN_VERSION) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup g : req.groups()) {
                OffsetFetchResponseData.OffsetFetchResponseGroup group = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                        .setGroupId(g.groupId());
                try {
                    access.group(context, g.groupId(), AclOperation.DESCRIBE);
                    Map<String, Map<Integer, PartitionOffset>> committed = committed(g.groupId());
                    List<String> names = new ArrayList<>();
                    Map<String, List<Integer>> wanted = new HashMap<>();
                    if (g.topics() == null) {
                        committed.forEach((topic, ps) -> {
                            if (access.allowed(context, ResourceType.TOPIC, topic, AclOperation.DESCRIBE)) {
                                names.add(topic);
                                wanted.put(topic, new ArrayList<>(ps.keySet()));
                            }
                        });
                    } else {
                        for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
                            names.add(t.name());
                            wanted.put(t.name(), t.partitionIndexes());
                        }
                    }
                    for (String name : names) {
                        OffsetFetchResponseData.OffsetFetchResponseTopics topic = new OffsetFetchResponseData.OffsetFetchResponseTopics()
                                .setName(name);
                        boolean visible = access.allowed(context, ResourceType.TOPIC, name, AclOperation.DESCRIBE);
                        for (int p : wanted.get(name)) {
                            OffsetFetchResponseData.OffsetFetchResponsePartitions out =
                                    new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(p);
                            topic.partitions().add(visible ? partition(committed, name, p, out)
                                    : out.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("")
                                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                        }
                        group.topics().add(topic);
                    }
                } catch (RuntimeException e) {
                    group.setErrorCode(groupError(e).code());
                }
                data.groups().add(group);
            }
        } else {
            try {
                access.group(context, req.groupId(), AclOperation.DESCRIBE);
                Map<String, Map<Integer, PartitionOffset>> committed = committed(req.groupId());
                committed.keySet().removeIf(t -> !access.allowed(context, ResourceType.TOPIC, t, AclOperation.DESCRIBE));
                List<OffsetFetchRequestData.OffsetFetchRequestTopic> topics = req.topics();
                if (topics == null) {
                    topics = new ArrayList<>();
                    for (Map.Entry<String, Map<Integer, PartitionOffset>> e : committed.entrySet()) {
                        topics.add(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(e.getKey())
                                .setPartitionIndexes(new ArrayList<>(e.getValue().keySet())));
                    }
                }
                for (OffsetFetchRequestData.OffsetFetchRequestTopic t : topics) {
                    OffsetFetchResponseData.OffsetFetchResponseTopic topic = new OffsetFetchResponseData.OffsetFetchResponseTopic()
                            .setName(t.name());
                    for (int p : t.partitionIndexes()) {
                        OffsetFetchResponseData.OffsetFetchResponsePartitions out = partition(committed, t.name(), p,
                                new OffsetFetchResponseData.OffsetFetchResponsePartitions());
                        topic.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                                .setPartitionIndex(p).setCommittedOffset(out.committedOffset())
                                .setCommittedLeaderEpoch(-1).setMetadata(out.metadata()).setErrorCode(Errors.NONE.code()));
                    }
                    data.topics().add(topic);
                }
            } catch (RuntimeException e) {
                data.setErrorCode(groupError(e).code());
            }
        }
        return CompletableFuture.completedFuture(new OffsetFetchResponse(data, context.apiVersion()));
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions partition(
            Map<String, Map<Integer, PartitionOffset>> committed, String topic, int partition,
            OffsetFetchResponseData.OffsetFetchResponsePartitions out) {
        PartitionOffset c = committed.getOrDefault(topic, Map.of()).get(partition);
        return out.setPartitionIndex(partition)
                .setCommittedOffset(c == null ? -1 : c.offset())
                .setCommittedLeaderEpoch(-1)
                .setMetadata(c == null ? "" : String.valueOf(c.metadata()))
                .setErrorCode(Errors.NONE.code());
    }

    /** The group's committed offsets by topic and partition; none for a group that does not exist. */
    private Map<String, Map<Integer, PartitionOffset>> committed(String group) {
        Map<String, Map<Integer, PartitionOffset>> out = new HashMap<>();
        List<PartitionOffset> offsets;
        try {
            offsets = groups.offsets(group, null).offsets();
        } catch (ApiException e) {
            if (e.code() == ErrorCode.GROUP_NOT_FOUND) {
                return out;
            }
            throw e;
        }
        for (PartitionOffset o : offsets) {
            out.computeIfAbsent(o.topic(), k -> new HashMap<>()).put(o.partition(), o);
        }
        return out;
    }

    /** OffsetDelete removes the committed offsets of every topic named (all its partitions in the group). */
    public CompletableFuture<AbstractResponse> offsetDelete(RequestContext context, AbstractRequest request) {
        OffsetDeleteRequestData req = ((OffsetDeleteRequest) request).data();
        OffsetDeleteResponseData data = new OffsetDeleteResponseData().setThrottleTimeMs(0);
        try {
            access.group(context, req.groupId(), AclOperation.DELETE);
            for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : req.topics()) {
                access.topic(context, t.name(), AclOperation.READ);
            }
            if (committedGroupExists(req.groupId())) {
                for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : req.topics()) {
                    OffsetDeleteResponseData.OffsetDeleteResponseTopic topic = new OffsetDeleteResponseData.OffsetDeleteResponseTopic()
                            .setName(t.name());
                    groups.deleteOffsets(req.groupId(), t.name());
                    for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : t.partitions()) {
                        topic.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                                .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.NONE.code()));
                    }
                    data.topics().add(topic);
                }
            } else {
                data.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code());
            }
        } catch (RuntimeException e) {
            data.setErrorCode(groupError(e).code());
        }
        return CompletableFuture.completedFuture(new OffsetDeleteResponse(data));
    }

    private boolean committedGroupExists(String group) {
        try {
            groups.describe(group);
            return true;
        } catch (ApiException e) {
            if (e.code() == ErrorCode.GROUP_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    public CompletableFuture<AbstractResponse> listGroups(RequestContext context, AbstractRequest request) {
        ListGroupsRequestData req = ((ListGroupsRequest) request).data();
        ListGroupsResponseData data = new ListGroupsResponseData().setThrottleTimeMs(0);
        Set<String> states = lower(req.statesFilter());
        Set<String> types = lower(req.typesFilter());
        try {
            for (GroupList.Entry g : groups.list().groups()) {
                String state = g.state();
                if (access.allowed(context, ResourceType.GROUP, g.group(), AclOperation.DESCRIBE)
                        && (states.isEmpty() || states.contains(state.toLowerCase(Locale.ROOT)))
                        && (types.isEmpty() || types.contains(PROTOCOL_TYPE))) {
                    data.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(g.group())
                            .setProtocolType(PROTOCOL_TYPE).setGroupState(state).setGroupType(PROTOCOL_TYPE));
                }
            }
        } catch (RuntimeException e) {
            data.setErrorCode(groupError(e).code());
        }
        return CompletableFuture.completedFuture(new ListGroupsResponse(data));
    }

    /** DescribeGroups in the classic format: members with their current assignments (consumer protocol bytes). */
    public CompletableFuture<AbstractResponse> describeGroups(RequestContext context, AbstractRequest request) {
        DescribeGroupsRequestData req = ((DescribeGroupsRequest) request).data();
        DescribeGroupsResponseData data = new DescribeGroupsResponseData().setThrottleTimeMs(0);
        for (String id : req.groups()) {
            DescribeGroupsResponseData.DescribedGroup group = new DescribeGroupsResponseData.DescribedGroup()
                    .setGroupId(id).setProtocolType(PROTOCOL_TYPE).setProtocolData("");
            try {
                access.group(context, id, AclOperation.DESCRIBE);
                GroupInfo g = groups.describe(id);
                group.setGroupState(g.state());
                for (GroupInfo.Member m : g.members()) {
                    List<org.apache.kafka.common.TopicPartition> owned = new ArrayList<>();
                    m.ownedPartitions().forEach(t ->
                            t.partitions().forEach(p -> owned.add(new org.apache.kafka.common.TopicPartition(t.topic(), p))));
                    ByteBuffer assignment = ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(owned));
                    byte[] bytes = new byte[assignment.remaining()];
                    assignment.get(bytes);
                    group.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                            .setMemberId(m.memberId()).setClientId("").setClientHost("")
                            .setMemberMetadata(new byte[0]).setMemberAssignment(bytes));
                }
            } catch (ApiException e) {
                if (e.code() == ErrorCode.GROUP_NOT_FOUND) {
                    group.setGroupState("Dead");
                } else {
                    group.setErrorCode(groupError(e).code()).setErrorMessage(e.getMessage());
                }
            } catch (RuntimeException e) {
                group.setErrorCode(groupError(e).code()).setErrorMessage(e.getMessage());
            }
            data.groups().add(group);
        }
        return CompletableFuture.completedFuture(new DescribeGroupsResponse(data));
    }

    private static Set<String> lower(List<String> values) {
        Set<String> out = new HashSet<>();
        if (values != null) {
            values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    /** The Kafka error for a failed group operation; a refused group id is INVALID_GROUP_ID. */
    static Errors groupError(Throwable e) {
        Throwable cause = KafkaErrors.unwrap(e);
        if (cause instanceof ApiException api && api.code() == ErrorCode.INVALID_REQUEST
                && String.valueOf(api.getMessage()).toLowerCase(Locale.ROOT).contains("group")) {
            return Errors.INVALID_GROUP_ID;
        }
        return KafkaErrors.of(e);
    }
}
