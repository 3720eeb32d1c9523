package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * A conditional append found the partition's log ending somewhere other than the offset it
 * expected: another writer appended first. Nothing of the append was stored. Read what is
 * new from {@link #expectedOffset()} up to {@link #latestOffset()}, decide, and append again
 * with {@code latestOffset()} as the expectation. Immutable once thrown.
 */
public class OffsetMismatchException extends TributaryException {
    private final long expectedOffset;
    private final long latestOffset;

    public OffsetMismatchException(String message, long expectedOffset, long latestOffset) {
        super(ErrorCode.OFFSET_MISMATCH, message, null);
        this.expectedOffset = expectedOffset;
        this.latestOffset = latestOffset;
    }

    /** The log end the append expected, or -1 when the server did not say. */
    public long expectedOffset() {
        return expectedOffset;
    }

    /** Where the partition's log actually ends (its next offset), or -1 when the server did not say. */
    public long latestOffset() {
        return latestOffset;
    }
}
