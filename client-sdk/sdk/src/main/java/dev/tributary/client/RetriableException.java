package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * An error that may go away if the same operation is tried again: throttling, storage
 * briefly unavailable, a lost connection, a timeout. The producer retries these
 * itself until its delivery timeout; they reach callers only when time runs out.
 * Immutable once thrown.
 */
public class RetriableException extends TributaryException {

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetriableException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
