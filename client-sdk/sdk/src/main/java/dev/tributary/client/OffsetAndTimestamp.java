package dev.tributary.client;

/**
 * An offset with the timestamp of the record there, the answer to "which offset is at
 * this time". Immutable and thread-safe.
 *
 * @param offset      the offset
 * @param timestampMs the record's timestamp in epoch milliseconds, or -1 when unknown
 */
public record OffsetAndTimestamp(long offset, long timestampMs) {
}
