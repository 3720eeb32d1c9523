package dev.tributary.client.producer;

import dev.tributary.client.Header;
import java.util.List;
import java.util.Objects;

/**
 * A record to send, as Kafka's {@code ProducerRecord}: a topic, an optional partition,
 * an optional timestamp (epoch milliseconds, default: send time), a key, a value and
 * headers. Immutable if its key, value and header values are not modified.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ProducerRecord<K, V> {
    private final String topic;
    private final Integer partition;
    private final Long timestamp;
    private final K key;
    private final V value;
    private final List<Header> headers;

    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value, List<Header> headers) {
        this.topic = Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0, got " + timestamp);
        }
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value) {
        this(topic, partition, timestamp, key, value, null);
    }

    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    public String topic() {
        return topic;
    }

    /** The partition asked for, or null to let the partitioner choose. */
    public Integer partition() {
        return partition;
    }

    /** The timestamp in epoch milliseconds, or null for the send time. */
    public Long timestamp() {
        return timestamp;
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    public List<Header> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord<?, ?> r && topic.equals(r.topic) && Objects.equals(partition, r.partition)
                && Objects.equals(timestamp, r.timestamp) && Objects.equals(key, r.key)
                && Objects.equals(value, r.value) && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, timestamp, key, value, headers);
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", timestamp=" + timestamp
                + ", key=" + key + ", value=" + value + ", headers=" + headers + ")";
    }
}
