package dev.tributary.storage.groups;

import java.util.List;
import java.util.Set;

/**
 * One heartbeat of a group member.
 *
 * @param memberId           null to join with a server-chosen id
 * @param memberEpoch        0 to join (or rejoin after being fenced), -1 to leave, else the member's epoch
 * @param topics             subscription; null keeps the current one (required on join)
 * @param ownedPartitions    partitions the member still owns; null means unchanged. Partitions it was never
 *                           given are ignored; partitions missing here count as released.
 * @param sessionTimeoutMs   null keeps the current value (join: the default)
 * @param rebalanceTimeoutMs null keeps the current value (join: the default)
 */
public record HeartbeatRequest(String memberId, int memberEpoch, List<String> topics, Set<TopicPartition> ownedPartitions,
                               Integer sessionTimeoutMs, Integer rebalanceTimeoutMs) {
}
