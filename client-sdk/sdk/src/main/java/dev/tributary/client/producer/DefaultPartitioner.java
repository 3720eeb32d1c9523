package dev.tributary.client.producer;

import dev.tributary.core.Partitioning;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kafka's default partitioning. A keyed record goes to
 * {@code toPositive(murmur2(keyBytes)) % numPartitions}, so a key lands on the same
 * partition number as in Kafka. Records without a key stick to one partition per topic
 * until its batch fills up, then move to another random partition (Kafka's sticky
 * partitioner), which gives large batches without skewing load. Thread-safe.
 */
public final class DefaultPartitioner implements Partitioner {
    private final ConcurrentMap<String, Integer> sticky = new ConcurrentHashMap<>();

    @Override
    public int partition(String topic, byte[] keyBytes, int numPartitions) {
        if (keyBytes != null) {
            return Partitioning.forKey(keyBytes, numPartitions);
        }
        Integer current = sticky.get(topic);
        if (current != null && current < numPartitions) {
            return current;
        }
        int chosen = ThreadLocalRandom.current().nextInt(numPartitions);
        Integer raced = current == null ? sticky.putIfAbsent(topic, chosen) : null;
        if (current != null) {
            sticky.put(topic, chosen);
        }
        return raced != null && raced < numPartitions ? raced : chosen;
    }

    @Override
    public void onNewBatch(String topic, int previousPartition, int numPartitions) {
        Integer current = sticky.get(topic);
        if (current != null && current != previousPartition) {
            return;
        }
        int next = numPartitions <= 1 ? 0 : ThreadLocalRandom.current().nextInt(numPartitions - 1);
        if (numPartitions > 1 && next >= previousPartition) {
            next++;
        }
        if (current == null) {
            sticky.putIfAbsent(topic, next);
        } else {
            sticky.replace(topic, current, next);
        }
    }
}
