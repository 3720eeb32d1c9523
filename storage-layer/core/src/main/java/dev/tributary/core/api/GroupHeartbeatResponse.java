package dev.tributary.core.api;

import java.util.List;

/**
 * The answer to a heartbeat: the member's epoch, the partitions it owns now, subscribed
 * topics the service does not know, and when to send the next heartbeat.
 */
public record GroupHeartbeatResponse(String memberId, Integer memberEpoch, List<TopicPartitions> assignment,
                                     List<String> unknownTopics, Long heartbeatIntervalMs) {
}
