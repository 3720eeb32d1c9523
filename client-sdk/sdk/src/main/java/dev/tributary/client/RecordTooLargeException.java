package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * A record or request is larger than the topic or service allows. Immutable once thrown.
 */
public class RecordTooLargeException extends TributaryException {

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
