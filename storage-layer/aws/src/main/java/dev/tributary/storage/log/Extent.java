package dev.tributary.storage.log;

/**
 * Bytes of one partition that a commit record adds to the log: {@code length} bytes at
 * {@code position} of the record's segment object, holding {@code recordCount} records as
 * one or more Kafka v2 record batches written with base offset 0. Its offsets follow from
 * the record's heads (see {@link CommitRecord#entries}). Immutable.
 */
public record Extent(int partition, long position, int length, int recordCount, long firstTimestampMs,
                     long maxTimestampMs) {
    public Extent {
        if (partition < 0 || position < 0 || length <= 0 || recordCount <= 0) {
            throw new IllegalArgumentException("invalid extent: partition " + partition + ", position " + position
                    + ", length " + length + ", records " + recordCount);
        }
    }

    public long end() {
        return position + length;
    }
}
