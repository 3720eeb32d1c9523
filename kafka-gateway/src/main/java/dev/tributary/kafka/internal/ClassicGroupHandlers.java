package dev.tributary.kafka.internal;

import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.TopicPartitions;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.groups.GroupService;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.storage.groups.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/**
 * The classic group protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) for consumers,
 * mapped onto Tributary's server-side groups, so classic and new-protocol members, HTTP and
 * SDK consumers share one group model and one set of stored rules.
 *
 * <p>The mapping: the assignment is always computed by the server, so every member is a
 * follower (the leader named in JoinGroup is no member, and SyncGroup's proposed assignments
 * are ignored); the generation a member sees is its member epoch. JoinGroup is a join with
 * the subscription and the partitions the member still owns (none for eager assignors,
 * which revoke everything first); SyncGroup answers the partitions the member may own now,
 * which the store records as owned; Heartbeat answers {@code REBALANCE_IN_PROGRESS} as soon
 * as the member must give partitions up or has new ones to receive (its epoch moved), and
 * the member rejoins. There is no in-memory rebalance barrier: a partition is handed to a
 * member only once its previous owner has released it, which the store guarantees in one
 * conditional transaction, so any gateway can serve any member. Thread-safe.
 */
public final class ClassicGroupHandlers {
    /** Named as the group leader: a name that is no member's, so every member follows. */
    static final String SERVER_ASSIGNOR = "tributary-server-assignor";
    private static final String PROTOCOL_TYPE = "consumer";

    private final GroupService groups;
    private final Access access;

    public ClassicGroupHandlers(GroupService groups, Access access) {
        this.groups = groups;
        this.access = access;
    }

    public CompletableFuture<AbstractResponse> joinGroup(RequestContext context, AbstractRequest request) {
        JoinGroupRequestData req = ((JoinGroupRequest) request).data();
        JoinGroupResponseData data = new JoinGroupResponseData().setThrottleTimeMs(0)
                .setProtocolType(PROTOCOL_TYPE).setLeader(SERVER_ASSIGNOR).setMemberId(req.memberId());
        try {
            if (!PROTOCOL_TYPE.equals(req.protocolType())) {
                throw Errors.INCONSISTENT_GROUP_PROTOCOL.exception("Only consumer groups (protocol type 'consumer') are supported.");
            }
            if (req.groupInstanceId() != null) {
                throw Errors.UNSUPPORTED_VERSION.exception("Static membership (group.instance.id) is not supported.");
            }
            JoinGroupRequestData.JoinGroupRequestProtocol protocol = req.protocols().iterator().next();
            ConsumerPartitionAssignor.Subscription subscription =
                    ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(protocol.metadata()));
            access.group(context, req.groupId(), AclOperation.READ);
            subscription.topics().forEach(t -> access.topic(context, t, AclOperation.DESCRIBE));
            Set<TopicPartition> owned = new HashSet<>();
            for (org.apache.kafka.common.TopicPartition tp : subscription.ownedPartitions()) {
                owned.add(new TopicPartition(tp.topic(), tp.partition()));
            }
            String memberId = req.memberId() == null || req.memberId().isEmpty()
                    ? "classic-" + UUID.randomUUID() : req.memberId();
            GroupHeartbeatResponse r = groups.heartbeat(req.groupId(), new dev.tributary.storage.groups.HeartbeatRequest(
                    memberId, 0, subscription.topics(), owned, req.sessionTimeoutMs(),
                    req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : null));
            data.setErrorCode(Errors.NONE.code())
                    .setMemberId(r.memberId())
                    .setGenerationId(r.memberEpoch())
                    .setProtocolName(protocol.name());
        } catch (RuntimeException e) {
            data.setErrorCode(classicError(e).code()).setGenerationId(-1).setProtocolName(null);
        }
        return CompletableFuture.completedFuture(new JoinGroupResponse(data, context.apiVersion()));
    }

    public CompletableFuture<AbstractResponse> syncGroup(RequestContext context, AbstractRequest request) {
        SyncGroupRequestData req = ((SyncGroupRequest) request).data();
        SyncGroupResponseData data = new SyncGroupResponseData().setThrottleTimeMs(0)
                .setProtocolType(PROTOCOL_TYPE).setProtocolName(req.protocolName());
        try {
            access.group(context, req.groupId(), AclOperation.READ);
            GroupHeartbeatResponse r = heartbeat(req.groupId(), req.memberId(), req.generationId());
            List<org.apache.kafka.common.TopicPartition> assigned = new ArrayList<>();
            for (TopicPartitions e : r.assignment()) {
                for (int p : e.partitions()) {
                    assigned.add(new org.apache.kafka.common.TopicPartition(e.topic(), p));
                }
            }
            ByteBuffer bytes = ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(assigned));
            byte[] assignment = new byte[bytes.remaining()];
            bytes.get(assignment);
            data.setErrorCode(Errors.NONE.code()).setAssignment(assignment);
        } catch (RuntimeException e) {
            data.setErrorCode(classicError(e).code()).setAssignment(new byte[0]);
        }
        return CompletableFuture.completedFuture(new SyncGroupResponse(data));
    }

    public CompletableFuture<AbstractResponse> heartbeat(RequestContext context, AbstractRequest request) {
        var req = ((HeartbeatRequest) request).data();
        HeartbeatResponseData data = new HeartbeatResponseData().setThrottleTimeMs(0);
        try {
            access.group(context, req.groupId(), AclOperation.READ);
            GroupHeartbeatResponse r = heartbeat(req.groupId(), req.memberId(), req.generationId());
            boolean moved = r.memberEpoch() != req.generationId();
            boolean mustRevoke = r.pendingRevocation() != null && !r.pendingRevocation().isEmpty();
            data.setErrorCode((moved || mustRevoke ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE).code());
        } catch (RuntimeException e) {
            data.setErrorCode(classicError(e).code());
        }
        return CompletableFuture.completedFuture(new HeartbeatResponse(data));
    }

    public CompletableFuture<AbstractResponse> leaveGroup(RequestContext context, AbstractRequest request) {
        LeaveGroupRequest leave = (LeaveGroupRequest) request;
        LeaveGroupRequestData req = leave.data();
        LeaveGroupResponseData data = new LeaveGroupResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code());
        for (LeaveGroupRequestData.MemberIdentity member : leave.members()) {
            Errors error = Errors.NONE;
            try {
                access.group(context, req.groupId(), AclOperation.READ);
                groups.heartbeat(req.groupId(), new dev.tributary.storage.groups.HeartbeatRequest(
                        member.memberId(), -1, null, null, null, null));
            } catch (RuntimeException e) {
                error = classicError(e);
            }
            data.members().add(new LeaveGroupResponseData.MemberResponse().setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId()).setErrorCode(error.code()));
            if (context.apiVersion() < 3) {
                data.setErrorCode(error.code());
            }
        }
        return CompletableFuture.completedFuture(new LeaveGroupResponse(data, context.apiVersion()));
    }

    private GroupHeartbeatResponse heartbeat(String group, String memberId, int generation) {
        return groups.heartbeat(group, new dev.tributary.storage.groups.HeartbeatRequest(
                memberId, generation, null, null, null, null));
    }

    /** Classic members learn of a stale epoch as ILLEGAL_GENERATION, and then rejoin. */
    private static Errors classicError(Throwable e) {
        Throwable cause = KafkaErrors.unwrap(e);
        if (cause instanceof ApiException api && api.code() == ErrorCode.FENCED_MEMBER_EPOCH) {
            return Errors.ILLEGAL_GENERATION;
        }
        return GroupHandlers.groupError(e);
    }
}
