package dev.tributary.storage.groups;

import java.util.List;
import java.util.Set;

/**
 * A member of a consumer group as stored. Immutable.
 *
 * @param memberId           id given at join (or chosen by the client)
 * @param memberEpoch        current epoch; raised whenever the partitions given to the member change
 * @param previousEpoch      the epoch before the last raise (-1 after a join), accepted once more so a
 *                           request racing the raise is not fenced
 * @param topics             subscribed topics, sorted, distinct
 * @param owned              partitions the server counts as held by this member: given to it and not yet
 *                           released (includes partitions pending revocation). Never overlaps another
 *                           member's {@code owned}.
 * @param assigned           the partitions the last heartbeat answer told the member to own
 * @param sessionTimeoutMs   the member is removed when no heartbeat arrives for this long
 * @param rebalanceTimeoutMs how long the member may keep partitions it was asked to revoke
 * @param joinedAtMs         when it joined
 * @param lastHeartbeatMs    when its last accepted heartbeat arrived
 * @param revokeDeadlineMs   when its pending revocations must be done (0 = none pending)
 * @param rev                item revision, raised on every write except plain liveness refreshes
 */
public record GroupMember(String memberId, int memberEpoch, int previousEpoch, List<String> topics,
                          Set<TopicPartition> owned, Set<TopicPartition> assigned, int sessionTimeoutMs,
                          int rebalanceTimeoutMs, long joinedAtMs, long lastHeartbeatMs, long revokeDeadlineMs, long rev) {

    public GroupMember {
        topics = List.copyOf(topics);
        owned = Set.copyOf(owned);
        assigned = Set.copyOf(assigned);
    }

    /** The member counts as gone once this time has passed without a heartbeat. */
    public long deadlineMs() {
        return lastHeartbeatMs + sessionTimeoutMs;
    }

    /** Whether the member is gone at {@code nowMs}: session expired, or revocation overdue. */
    public boolean expiredAt(long nowMs) {
        return nowMs > deadlineMs() || revokeDeadlineMs > 0 && nowMs > revokeDeadlineMs;
    }

    /** Whether {@code epoch} may be used by this member now: its current or its previous epoch. */
    public boolean acceptsEpoch(int epoch) {
        return epoch == memberEpoch || previousEpoch >= 0 && epoch == previousEpoch;
    }

    /** This member with the liveness of {@code other} (last heartbeat; same session timeout). */
    public GroupMember withLivenessOf(GroupMember other) {
        return new GroupMember(memberId, memberEpoch, previousEpoch, topics, owned, assigned, sessionTimeoutMs,
                rebalanceTimeoutMs, joinedAtMs, other.lastHeartbeatMs, revokeDeadlineMs, rev);
    }
}
