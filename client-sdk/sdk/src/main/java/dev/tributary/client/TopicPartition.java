package dev.tributary.client;

import java.util.Objects;

/**
 * A partition of a topic, as in Kafka. Immutable and thread-safe.
 *
 * @param topic     topic name, never null
 * @param partition partition number, {@code >= 0}
 */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
