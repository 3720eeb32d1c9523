package dev.tributary.client.consumer;

import dev.tributary.client.Header;
import dev.tributary.client.TopicPartition;
import java.util.List;

/**
 * A record read from a partition, as Kafka's {@code ConsumerRecord}. Immutable if its
 * key, value and header values are not modified.
 *
 * @param topic               topic name
 * @param partition           partition number
 * @param offset              the record's offset
 * @param timestamp           the record's timestamp, epoch milliseconds
 * @param key                 deserialized key, may be null
 * @param value               deserialized value, may be null
 * @param headers             headers in order
 * @param serializedKeySize   key size in bytes, -1 for null
 * @param serializedValueSize value size in bytes, -1 for null
 * @param <K> key type
 * @param <V> value type
 */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp, K key, V value,
                                   List<Header> headers, int serializedKeySize, int serializedValueSize) {

    public ConsumerRecord {
        headers = headers == null ? List.of() : headers;
    }

    /** A record without headers or sizes, mostly for tests. */
    public ConsumerRecord(String topic, int partition, long offset, K key, V value) {
        this(topic, partition, offset, -1L, key, value, List.of(), -1, -1);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
