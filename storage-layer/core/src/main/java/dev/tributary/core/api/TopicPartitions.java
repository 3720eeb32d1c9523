package dev.tributary.core.api;

import java.util.List;

/** Partitions of one topic, as the group API lists them: {@code {"topic": "orders", "partitions": [0, 2]}}. */
public record TopicPartitions(String topic, List<Integer> partitions) {
}
