package dev.tributary.client.admin;

/**
 * A partition's offset range. Immutable.
 *
 * @param partition      partition number
 * @param earliestOffset first readable offset
 * @param latestOffset   next offset to be written (the high watermark)
 */
public record PartitionInfo(int partition, long earliestOffset, long latestOffset) {
}
