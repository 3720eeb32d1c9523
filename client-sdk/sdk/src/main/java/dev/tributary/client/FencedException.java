package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * A newer instance of the same producer (or group member) took over; this one may not write any more. Immutable once thrown.
 */
public class FencedException extends TributaryException {

    public FencedException(String message) {
        super(message);
    }

    public FencedException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
