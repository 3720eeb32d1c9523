package dev.tributary.core.format;

import java.util.UUID;

/**
 * Footer entry of a segment: where one partition's chunk lies in the object and what
 * it holds. Immutable.
 *
 * @param topicId          topic the chunk belongs to
 * @param partition        partition number, {@code >= 0}
 * @param position         byte position of the chunk within the segment object
 * @param length           chunk length in bytes, {@code > 0}
 * @param recordCount      records in the chunk, {@code > 0}
 * @param batchCount       batches in the chunk, {@code 1..recordCount}
 * @param firstTimestampMs timestamp of the chunk's first record
 * @param maxTimestampMs   largest record timestamp in the chunk
 */
public record ChunkInfo(
        UUID topicId,
        int partition,
        long position,
        int length,
        int recordCount,
        int batchCount,
        long firstTimestampMs,
        long maxTimestampMs) {

    /** Byte position just past the chunk. */
    public long end() {
        return position + length;
    }
}
