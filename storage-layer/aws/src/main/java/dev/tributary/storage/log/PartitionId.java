package dev.tributary.storage.log;

import java.util.UUID;

/** One partition of one topic, by topic id (data is filed under the id, never the name). Immutable. */
public record PartitionId(UUID topicId, int partition) {
    public ShardId shard() {
        return ShardId.of(topicId, partition);
    }

    @Override
    public String toString() {
        return topicId + "/" + partition;
    }
}
