package dev.tributary.storage;

import java.util.UUID;

/**
 * One partition's chunk in a segment that is being committed: where its bytes are and how
 * many records they hold. The commit assigns its base offset.
 */
public record ChunkAppend(UUID topicId, int partition, long position, int length, int recordCount,
                          long firstTimestampMs, long maxTimestampMs) {
    public ChunkAppend {
        if (recordCount <= 0) {
            throw new IllegalArgumentException("a chunk holds at least one record");
        }
    }
}
