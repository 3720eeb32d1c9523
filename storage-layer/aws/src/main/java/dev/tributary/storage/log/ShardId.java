package dev.tributary.storage.log;

import java.util.UUID;

/**
 * One shard of a topic's commit log: partitions {@code [shard * PARTITIONS_PER_SHARD,
 * (shard + 1) * PARTITIONS_PER_SHARD)}. The shard is the unit of sequencing: commits to one
 * shard are totally ordered by their sequence number; commits to different shards are
 * independent (and atomic together only inside one transaction). Immutable.
 */
public record ShardId(UUID topicId, int shard) implements Comparable<ShardId> {
    /** Partitions per shard: a topic of up to this many partitions has a single shard. */
    public static final int PARTITIONS_PER_SHARD = 256;

    public ShardId {
        if (shard < 0) {
            throw new IllegalArgumentException("shard must be >= 0, got " + shard);
        }
    }

    public static ShardId of(UUID topicId, int partition) {
        return new ShardId(topicId, partition / PARTITIONS_PER_SHARD);
    }

    /** The partition key stored in DynamoDB: {@code <topicId>/<shard>}. */
    public String key() {
        return topicId + "/" + shard;
    }

    public static ShardId parse(String key) {
        int slash = key.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a shard key: " + key);
        }
        return new ShardId(UUID.fromString(key.substring(0, slash)), Integer.parseInt(key.substring(slash + 1)));
    }

    public int firstPartition() {
        return shard * PARTITIONS_PER_SHARD;
    }

    /** The index of {@code partition} within this shard's vectors. */
    public int slot(int partition) {
        int slot = partition - firstPartition();
        if (slot < 0 || slot >= PARTITIONS_PER_SHARD) {
            throw new IllegalArgumentException("partition " + partition + " is not in shard " + shard);
        }
        return slot;
    }

    /** A partition's entry in a per-slot vector of this shard; 0 past the vector's end (never written). */
    public long valueOf(long[] vector, int partition) {
        int slot = slot(partition);
        return slot < vector.length ? vector[slot] : 0;
    }

    /** Shards needed for {@code partitions} partitions. */
    public static int shardCount(int partitions) {
        return (partitions + PARTITIONS_PER_SHARD - 1) / PARTITIONS_PER_SHARD;
    }

    @Override
    public int compareTo(ShardId o) {
        int c = topicId.compareTo(o.topicId);
        return c != 0 ? c : Integer.compare(shard, o.shard);
    }

    @Override
    public String toString() {
        return key();
    }
}
