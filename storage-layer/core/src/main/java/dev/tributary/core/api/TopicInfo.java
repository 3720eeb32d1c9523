package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A topic's description ({@code GET /v1/topics/{topic}}, and the answer of the calls that
 * create or change a topic): its id, each partition's offsets, and its configuration
 * (values are numbers or strings, as the keys document).
 */
@Schema(description = "A topic: its id, each partition's earliest and latest offsets, and its configuration.")
public record TopicInfo(@Schema(pattern = ApiLimits.TOPIC_NAME_PATTERN) String name, String topicId, List<PartitionInfo> partitions,
                        @Schema(description = ApiLimits.TOPIC_CONFIG) Map<String, Object> config) {

    /**
     * A partition's earliest readable offset, its latest (the next to be written, the high
     * watermark) and the stored bytes between them ({@code sizeBytes}, absent for data written
     * before the service counted bytes).
     */
    public record PartitionInfo(int partition, long earliestOffset, long latestOffset, @Nullable Long sizeBytes) {
    }
}
