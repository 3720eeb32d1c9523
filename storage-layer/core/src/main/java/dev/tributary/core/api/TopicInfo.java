package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * A topic's description ({@code GET /v1/topics/{topic}}, and the answer of the calls that
 * create or change a topic): its id, each partition's offsets, and its configuration
 * (values are numbers or strings, as the keys document).
 */
public record TopicInfo(String name, String topicId, List<PartitionInfo> partitions, Map<String, Object> config) {

    /**
     * A partition's earliest readable offset, its latest (the next to be written, the high
     * watermark) and the stored bytes between them ({@code sizeBytes}, absent for data written
     * before the service counted bytes).
     */
    public record PartitionInfo(int partition, long earliestOffset, long latestOffset, @Nullable Long sizeBytes) {
    }
}
