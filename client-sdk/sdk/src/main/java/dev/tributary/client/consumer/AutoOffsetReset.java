package dev.tributary.client.consumer;

/** Where a consumer starts when it has no valid position for a partition. */
public enum AutoOffsetReset {
    /** The oldest retained record. */
    EARLIEST,
    /** The next record to be written. */
    LATEST,
    /** Fail: {@code poll} throws {@link dev.tributary.client.NoOffsetForPartitionException} or
     *  {@link dev.tributary.client.OffsetOutOfRangeException}. */
    NONE
}
