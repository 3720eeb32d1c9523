package dev.tributary.client.producer;

/**
 * Chooses the partition of a record that did not name one. Implementations must be
 * thread-safe. {@link DefaultPartitioner} has Kafka's default behaviour.
 */
public interface Partitioner {

    /**
     * The partition for a record.
     *
     * @param keyBytes      the serialized key, or null
     * @param numPartitions the topic's partition count, {@code > 0}
     * @return a partition in {@code [0, numPartitions)}
     */
    int partition(String topic, byte[] keyBytes, int numPartitions);

    /**
     * Called when the batch of {@code previousPartition} filled up while a record
     * without a key was being added to it, before that record is partitioned again; a
     * sticky partitioner moves on to another partition here.
     */
    default void onNewBatch(String topic, int previousPartition, int numPartitions) {
    }
}
