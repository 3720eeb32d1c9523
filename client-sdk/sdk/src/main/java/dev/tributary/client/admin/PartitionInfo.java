package dev.tributary.client.admin;

/**
 * A partition's offset range and stored size. Immutable.
 *
 * @param partition      partition number
 * @param earliestOffset first readable offset
 * @param latestOffset   next offset to be written (the high watermark)
 * @param sizeBytes      stored bytes between the two (compressed batches, as Kafka's
 *                       {@code kafka-log-dirs} reports), or -1 when the server does not report it
 */
public record PartitionInfo(int partition, long earliestOffset, long latestOffset, long sizeBytes) {
    /** A partition whose size is not known. */
    public PartitionInfo(int partition, long earliestOffset, long latestOffset) {
        this(partition, earliestOffset, latestOffset, -1);
    }
}
