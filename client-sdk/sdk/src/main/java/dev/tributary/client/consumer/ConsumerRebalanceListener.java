package dev.tributary.client.consumer;

import dev.tributary.client.TopicPartition;
import java.util.Collection;

/**
 * Told when a group consumer's partitions change, as Kafka's listener of the same name:
 * commit in {@link #onPartitionsRevoked}, restore state in {@link #onPartitionsAssigned}.
 * Called on the thread that calls {@code poll} (and {@code unsubscribe} / {@code close}),
 * never concurrently; an exception thrown here is thrown from that call.
 */
public interface ConsumerRebalanceListener {

    /**
     * The consumer is about to give up these partitions and still owns them: offsets
     * committed now are accepted, and no other consumer reads them until this returns.
     */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /** The consumer now owns these partitions; their positions are the committed offsets (or the reset policy). */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /**
     * The group already gave these partitions away (this consumer missed its session
     * timeout, or was fenced): commits for them would be refused, and another consumer
     * may be reading them. By default the same as {@link #onPartitionsRevoked}.
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
