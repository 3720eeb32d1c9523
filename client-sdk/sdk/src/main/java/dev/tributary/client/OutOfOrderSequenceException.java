package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * The service saw a gap in an idempotent producer's sequence numbers, so records may have been lost; the producer cannot continue safely. Immutable once thrown.
 */
public class OutOfOrderSequenceException extends TributaryException {

    public OutOfOrderSequenceException(String message) {
        super(message);
    }

    public OutOfOrderSequenceException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
