package dev.tributary.storage;

import java.util.UUID;

/**
 * The head of one partition's log. Offsets {@code [logStartOffset, nextOffset)} are readable;
 * {@code nextOffset} is the high watermark. A partition never written has an all-zero head.
 */
public record PartitionHead(UUID topicId, int partition, long logStartOffset, long nextOffset, long bytes,
                            long lastAppendMs, long version) {
    public static PartitionHead empty(UUID topicId, int partition) {
        return new PartitionHead(topicId, partition, 0, 0, 0, 0, 0);
    }

    public boolean exists() {
        return version > 0;
    }
}
