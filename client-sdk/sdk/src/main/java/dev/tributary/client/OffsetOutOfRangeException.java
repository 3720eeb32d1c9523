package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * A read asked for an offset outside {@code [earliestOffset, latestOffset]} of a
 * partition, typically because retention removed it, and the consumer's reset policy
 * is {@code NONE}. Seek to a valid offset to continue. Immutable once thrown.
 */
public class OffsetOutOfRangeException extends TributaryException {
    private final long earliestOffset;
    private final long latestOffset;

    public OffsetOutOfRangeException(String message, long earliestOffset, long latestOffset) {
        super(ErrorCode.OFFSET_OUT_OF_RANGE, message, null);
        this.earliestOffset = earliestOffset;
        this.latestOffset = latestOffset;
    }

    /** The partition's first readable offset, or -1 when the server did not say. */
    public long earliestOffset() {
        return earliestOffset;
    }

    /** The partition's next offset to be written, or -1 when the server did not say. */
    public long latestOffset() {
        return latestOffset;
    }
}
