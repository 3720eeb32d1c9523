package dev.tributary.core;

import java.util.Objects;
import org.apache.kafka.common.utils.Utils;

/**
 * Maps record keys to partitions exactly as Kafka's default partitioner does for keyed
 * records (murmur2 of the key bytes), so a key lands on the same partition number in
 * Tributary and in Kafka. Stateless and thread-safe.
 */
public final class Partitioning {

    private Partitioning() {
    }

    /**
     * The partition for {@code key}: {@code toPositive(murmur2(key)) % numPartitions}.
     *
     * @throws IllegalArgumentException when {@code numPartitions <= 0}
     * @throws NullPointerException     for a null key; unkeyed records are spread by the
     *                                  producer instead
     */
    public static int forKey(byte[] key, int numPartitions) {
        Objects.requireNonNull(key, "key");
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be > 0, got " + numPartitions);
        }
        return Utils.toPositive(Utils.murmur2(key)) % numPartitions;
    }
}
