package dev.tributary.core.api;

import java.util.List;

/**
 * The answer to a heartbeat: the member's epoch, the partitions it owns now, those of them
 * it must give up ({@code pendingRevocation}), subscribed topics the service does not know,
 * and when to send the next heartbeat.
 */
public record GroupHeartbeatResponse(String memberId, Integer memberEpoch, Long heartbeatIntervalMs,
                                     List<TopicPartitions> assignment, List<TopicPartitions> pendingRevocation,
                                     List<String> unknownTopics) {
}
