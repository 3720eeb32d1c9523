package dev.tributary.storage;

import java.util.UUID;

/**
 * One batch-index entry: offsets {@code [baseOffset, baseOffset + recordCount)} of a partition
 * live in {@code length} bytes at {@code position} of segment object {@code segmentKey}.
 * Those bytes are one or more Kafka v2 record batches written with base offset 0.
 */
public record BatchEntry(UUID topicId, int partition, long baseOffset, int recordCount, String segmentKey,
                         long position, int length, long firstTimestampMs, long maxTimestampMs) {
    public long lastOffset() {
        return baseOffset + recordCount - 1;
    }

    public long nextOffset() {
        return baseOffset + recordCount;
    }
}
