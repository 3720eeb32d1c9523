package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/groups/{group}/heartbeat}: joins ({@code memberEpoch} 0, with
 * {@code topics}), heartbeats (the current epoch, with {@code ownedPartitions}) or leaves
 * ({@code memberEpoch} -1). {@code topics} and the timeouts are sent when joining or when
 * the subscription changed.
 */
@Schema(description = "Joins (memberEpoch 0, with topics), heartbeats (the current epoch) or leaves (memberEpoch -1) a group.")
public record GroupHeartbeatRequest(@Nullable String memberId,
                                    @Nullable @Min(-1) @Schema(description = "0 to join, -1 to leave, else the current epoch.") Integer memberEpoch,
                                    @Nullable @Size(min = 1, max = ApiLimits.MAX_SUBSCRIBED_TOPICS) List<String> topics,
                                    @Nullable Long sessionTimeoutMs, @Nullable Long rebalanceTimeoutMs,
                                    @Nullable List<TopicPartitions> ownedPartitions) {

    /** Leaves the group at once. */
    public static GroupHeartbeatRequest leave(String memberId) {
        return new GroupHeartbeatRequest(memberId, -1, null, null, null, null);
    }
}
