package dev.tributary.core.api;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/** Partitions of one topic, as the group API lists them: {@code {"topic": "orders", "partitions": [0, 2]}}. */
public record TopicPartitions(@NotNull(message = "is required") String topic,
                              @NotNull(message = "is required") List<Integer> partitions) {
}
