package dev.tributary.storage.groups;

import java.util.Set;

/**
 * What a heartbeat tells the member.
 *
 * @param memberId          the member's id (new on a join)
 * @param memberEpoch       the epoch to send from now on (-1 after leaving)
 * @param assignment        the partitions the member owns now; anything else it holds must be revoked
 * @param pendingRevocation partitions the member still holds but must release (commit, then report them gone)
 * @param reconciling       true while the assignment differs from the member's target (partitions to revoke,
 *                          or partitions still held by others): the member should heartbeat sooner
 */
public record HeartbeatResponse(String memberId, int memberEpoch, Set<TopicPartition> assignment,
                                Set<TopicPartition> pendingRevocation, boolean reconciling) {
}
