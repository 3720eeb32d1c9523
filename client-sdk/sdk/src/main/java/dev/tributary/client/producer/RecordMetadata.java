package dev.tributary.client.producer;

import dev.tributary.client.TopicPartition;

/**
 * Where a sent record was stored, as Kafka's {@code RecordMetadata}. Immutable.
 *
 * @param topic               topic name
 * @param partition           partition number
 * @param offset              the record's offset in the partition
 * @param timestamp           the record's timestamp, epoch milliseconds
 * @param serializedKeySize   key size in bytes, -1 for a null key
 * @param serializedValueSize value size in bytes, -1 for a null value
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp,
                             int serializedKeySize, int serializedValueSize) {

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
