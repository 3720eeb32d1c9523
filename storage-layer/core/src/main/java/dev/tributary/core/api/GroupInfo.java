package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET /v1/groups/{group}}: a group's state and epochs, the topics its members
 * subscribe to, each member with its partitions, the assignment by partition (current owner
 * and target member, either null while it moves) and the committed offsets.
 */
@Schema(description = "A consumer group: state, epochs, members, assignment and committed offsets.")
public record GroupInfo(String group, String state, int groupEpoch, int assignmentEpoch, List<String> topics,
                        List<Member> members, List<Assignment> assignment, List<PartitionOffset> offsets) {

    /**
     * One member: the partitions it owns, those assigned to it, its target, those it must
     * give up ({@code pendingRevocation}), and its timing (epoch milliseconds and durations).
     */
    public record Member(String memberId, int memberEpoch, List<String> topics, List<TopicPartitions> ownedPartitions,
                         List<TopicPartitions> assignedPartitions, List<TopicPartitions> targetPartitions,
                         List<TopicPartitions> pendingRevocation, long joinedAtMs, long lastHeartbeatMs,
                         int sessionTimeoutMs, int rebalanceTimeoutMs, long expiresAtMs) {
    }

    /** A partition's current owner and the member the assignor targets it to. */
    public record Assignment(String topic, int partition, @Nullable String memberId, @Nullable String targetMemberId) {
    }
}
