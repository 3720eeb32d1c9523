package dev.tributary.client.consumer;

import dev.tributary.client.TopicPartition;
import java.util.Collection;

/**
 * Told when a group consumer's partitions change, as Kafka's listener of the same name:
 * commit in {@link #onPartitionsRevoked}, restore state in {@link #onPartitionsAssigned}.
 * Called on the thread that calls {@code poll}.
 */
public interface ConsumerRebalanceListener {

    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    void onPartitionsAssigned(Collection<TopicPartition> partitions);
}
