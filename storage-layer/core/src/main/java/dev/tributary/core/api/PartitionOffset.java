package dev.tributary.core.api;

/**
 * One partition's offset in a group: committed ({@code POST /v1/groups/{group}/offsets}),
 * or read back with the partition's end and the lag ({@code GET}); {@code logEndOffset}
 * and {@code lag} are null in a commit.
 */
public record PartitionOffset(String topic, Integer partition, Long offset, String metadata, Long logEndOffset,
                              Long lag) {

    /** An offset to commit. */
    public static PartitionOffset commit(String topic, int partition, long offset, String metadata) {
        return new PartitionOffset(topic, partition, offset, metadata, null, null);
    }
}
