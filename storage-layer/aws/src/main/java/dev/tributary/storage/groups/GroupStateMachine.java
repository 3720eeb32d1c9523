package dev.tributary.storage.groups;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The rules of consumer-group membership as pure functions from one {@link GroupState} to
 * the next, so every instance applies them the same way and the store only has to persist
 * the result atomically. Stateless and thread-safe.
 *
 * <p>Rules (cooperative, in the spirit of Kafka's KIP-848):
 * <ul>
 *   <li>A member whose session deadline or revocation deadline has passed is removed and its
 *       partitions become free. Expiry is evaluated whenever the group is read for a change.</li>
 *   <li>The target assignment is recomputed by the {@link Assignor} whenever membership,
 *       subscriptions or partition counts change.</li>
 *   <li>A member is given its target partitions minus any still owned by another member; what it
 *       owns outside its target is pending revocation until it reports them released.</li>
 *   <li>The member epoch is raised whenever the partitions given to a member change, and on join.
 *       Only the current and the previous epoch are accepted.</li>
 * </ul>
 * Hence no partition is ever owned by two members: a partition is only given when no other
 * member owns it, and only the owner's own report (or its removal) frees it.
 */
public final class GroupStateMachine {
    public static final int JOIN_EPOCH = 0;
    public static final int LEAVE_EPOCH = -1;
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 45_000;
    public static final int DEFAULT_REBALANCE_TIMEOUT_MS = 60_000;
    /** At most this many expired members are removed in one step (a transaction holds at most 100 items). */
    public static final int MAX_REMOVALS_PER_STEP = 90;

    private GroupStateMachine() {
    }

    /** The result of a heartbeat: the state to store and the answer for the member. */
    public record Outcome(GroupState state, HeartbeatResponse response) {
    }

    /** The state with expired members removed (at most {@link #MAX_REMOVALS_PER_STEP}) and the target updated. */
    public static GroupState expire(GroupState s, long nowMs) {
        Map<String, GroupMember> members = new TreeMap<>(s.members());
        int removed = 0;
        for (GroupMember m : s.members().values()) {
            if (m.expiredAt(nowMs) && removed < MAX_REMOVALS_PER_STEP) {
                members.remove(m.memberId());
                removed++;
            }
        }
        if (removed == 0) {
            return s;
        }
        return retarget(s, members, restrict(s.partitionCounts(), members));
    }

    /**
     * Applies one heartbeat at {@code nowMs}.
     *
     * @param partitionCounts current partition count of a topic, or null when it does not exist; asked
     *                        for the member's subscribed topics (an unknown topic gets no partitions until it exists)
     * @param newMemberId     the id to give a member joining without one
     * @throws ApiException {@code UNKNOWN_MEMBER} for a member that is not (or no longer) in the group,
     *                      {@code FENCED_MEMBER_EPOCH} for an epoch that is neither current nor previous
     */
    public static Outcome heartbeat(GroupState state, HeartbeatRequest req, Function<String, Integer> partitionCounts,
                                    long nowMs, String newMemberId) {
        GroupState s = expire(state, nowMs);
        Map<String, GroupMember> members = new TreeMap<>(s.members());

        if (req.memberEpoch() == LEAVE_EPOCH) {
            GroupMember gone = members.remove(req.memberId());
            HeartbeatResponse bye = new HeartbeatResponse(req.memberId(), LEAVE_EPOCH, Set.of(), Set.of(), false);
            if (gone == null) {
                return new Outcome(s, bye);
            }
            return new Outcome(retarget(s, members, restrict(s.partitionCounts(), members)), bye);
        }

        GroupMember m;
        boolean joining = req.memberEpoch() == JOIN_EPOCH;
        if (joining) {
            String id = req.memberId() != null ? req.memberId() : newMemberId;
            GroupMember existing = members.get(id);
            // A rejoin starts from nothing: the member was fenced and has given up its partitions.
            m = new GroupMember(id, existing == null ? 0 : existing.memberEpoch(), -1, sorted(req.topics()), Set.of(), Set.of(),
                    orDefault(req.sessionTimeoutMs(), DEFAULT_SESSION_TIMEOUT_MS),
                    orDefault(req.rebalanceTimeoutMs(), DEFAULT_REBALANCE_TIMEOUT_MS),
                    existing == null ? nowMs : existing.joinedAtMs(), nowMs, 0, existing == null ? 0 : existing.rev());
        } else {
            GroupMember current = members.get(req.memberId());
            if (current == null) {
                throw unknownMember(s.group(), req.memberId());
            }
            if (!current.acceptsEpoch(req.memberEpoch())) {
                throw fenced(s.group(), req.memberId(), req.memberEpoch());
            }
            Set<TopicPartition> owned = current.owned();
            if (req.ownedPartitions() != null) {
                owned = new HashSet<>(owned);
                owned.retainAll(req.ownedPartitions());
            }
            m = new GroupMember(current.memberId(), current.memberEpoch(), current.previousEpoch(),
                    req.topics() == null ? current.topics() : sorted(req.topics()), owned, current.assigned(),
                    orDefault(req.sessionTimeoutMs(), current.sessionTimeoutMs()),
                    orDefault(req.rebalanceTimeoutMs(), current.rebalanceTimeoutMs()),
                    current.joinedAtMs(), nowMs, current.revokeDeadlineMs(), current.rev());
        }
        members.put(m.memberId(), m);

        Map<String, Integer> counts = new TreeMap<>(restrict(s.partitionCounts(), members));
        for (String topic : m.topics()) {
            Integer fresh = partitionCounts.apply(topic);
            if (fresh == null) {
                counts.remove(topic);
            } else {
                counts.put(topic, fresh);
            }
        }
        GroupState t = retarget(s, members, counts);
        return reconcile(t, m.memberId(), nowMs, joining);
    }

    /** Gives member {@code id} what it may own now and raises its epoch if that changed. */
    private static Outcome reconcile(GroupState s, String id, long nowMs, boolean forceBump) {
        GroupMember m = s.members().get(id);
        Set<TopicPartition> target = s.targetOf(id);
        Set<TopicPartition> ownedByOthers = new HashSet<>();
        for (GroupMember other : s.members().values()) {
            if (!other.memberId().equals(id)) {
                ownedByOthers.addAll(other.owned());
            }
        }
        Set<TopicPartition> owned = new TreeSet<>(m.owned());
        for (TopicPartition tp : target) {
            if (!ownedByOthers.contains(tp)) {
                owned.add(tp);
            }
        }
        Set<TopicPartition> assignment = new TreeSet<>(owned);
        assignment.retainAll(target);
        Set<TopicPartition> revoking = new TreeSet<>(owned);
        revoking.removeAll(target);

        int groupEpoch = s.groupEpoch();
        int epoch = m.memberEpoch();
        int previous = m.previousEpoch();
        if (forceBump || !assignment.equals(m.assigned())) {
            previous = forceBump ? -1 : epoch;
            epoch = ++groupEpoch;
        }
        long revokeDeadline = revoking.isEmpty() ? 0
                : m.revokeDeadlineMs() > 0 ? m.revokeDeadlineMs() : nowMs + m.rebalanceTimeoutMs();
        GroupMember updated = new GroupMember(id, epoch, previous, m.topics(), owned, assignment, m.sessionTimeoutMs(),
                m.rebalanceTimeoutMs(), m.joinedAtMs(), m.lastHeartbeatMs(), revokeDeadline, m.rev());
        Map<String, GroupMember> members = new TreeMap<>(s.members());
        members.put(id, updated);
        GroupState next = new GroupState(s.group(), s.version(), groupEpoch, s.assignmentEpoch(), s.partitionCounts(),
                s.target(), members, s.createdAtMs());
        return new Outcome(next, new HeartbeatResponse(id, epoch, assignment, revoking, !assignment.equals(target)));
    }

    /** The state with these members and counts; the target is recomputed when the assignor's inputs changed. */
    private static GroupState retarget(GroupState s, Map<String, GroupMember> members, Map<String, Integer> counts) {
        Map<String, Set<String>> subscriptions = subscriptions(members);
        boolean changed = !subscriptions.equals(subscriptions(s.members())) || !counts.equals(s.partitionCounts());
        if (!changed) {
            return new GroupState(s.group(), s.version(), s.groupEpoch(), s.assignmentEpoch(), counts, s.target(), members,
                    s.createdAtMs());
        }
        int epoch = s.groupEpoch() + 1;
        Map<String, Set<TopicPartition>> target = Assignor.assign(subscriptions, counts, s.target());
        return new GroupState(s.group(), s.version(), epoch, epoch, counts, target, members, s.createdAtMs());
    }

    private static Map<String, Set<String>> subscriptions(Map<String, GroupMember> members) {
        Map<String, Set<String>> subs = new HashMap<>();
        members.values().forEach(m -> subs.put(m.memberId(), Set.copyOf(m.topics())));
        return subs;
    }

    private static Map<String, Integer> restrict(Map<String, Integer> counts, Map<String, GroupMember> members) {
        Set<String> topics = new HashSet<>();
        members.values().forEach(m -> topics.addAll(m.topics()));
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((t, c) -> {
            if (topics.contains(t)) {
                out.put(t, c);
            }
        });
        return out;
    }

    private static List<String> sorted(List<String> topics) {
        if (topics == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "'topics' is required when joining a group.");
        }
        return List.copyOf(new TreeSet<>(topics));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    public static ApiException unknownMember(String group, String memberId) {
        return new ApiException(ErrorCode.UNKNOWN_MEMBER, "Member '" + memberId + "' is not in group '" + group
                + "' (it left, or its session expired); rejoin with memberEpoch 0.")
                .with("group", group).with("memberId", memberId);
    }

    public static ApiException fenced(String group, String memberId, int epoch) {
        return new ApiException(ErrorCode.FENCED_MEMBER_EPOCH, "Epoch " + epoch + " of member '" + memberId
                + "' in group '" + group + "' is stale; the member must give up its partitions and rejoin with memberEpoch 0.")
                .with("group", group).with("memberId", memberId).with("memberEpoch", epoch);
    }
}
