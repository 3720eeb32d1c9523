package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * Bytes read from storage (or sent to the service) failed an integrity check: a CRC
 * mismatch, a truncated batch, a record count that does not match the index. The
 * client never hands out records from damaged bytes. Immutable once thrown.
 */
public class CorruptSegmentException extends TributaryException {

    public CorruptSegmentException(String message, Throwable cause) {
        super(ErrorCode.CORRUPT_BATCH, message, cause);
    }
}
