package dev.tributary.storage;

import java.util.List;
import java.util.UUID;

/**
 * One partition's chunk in a segment that is being committed: where its bytes are, how
 * many records they hold, and the idempotent producers' batches among them (in chunk
 * order; empty when no producer asked for idempotence). The commit assigns its base offset.
 */
public record ChunkAppend(UUID topicId, int partition, long position, int length, int recordCount,
                          long firstTimestampMs, long maxTimestampMs, List<ProducerRun> producers) {
    public ChunkAppend {
        if (recordCount <= 0) {
            throw new IllegalArgumentException("a chunk holds at least one record");
        }
        producers = List.copyOf(producers);
    }

    public ChunkAppend(UUID topicId, int partition, long position, int length, int recordCount,
                       long firstTimestampMs, long maxTimestampMs) {
        this(topicId, partition, position, length, recordCount, firstTimestampMs, maxTimestampMs, List.of());
    }
}
