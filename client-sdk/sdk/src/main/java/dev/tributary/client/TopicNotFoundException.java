package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * The topic does not exist (or was deleted while in use). Immutable once thrown.
 */
public class TopicNotFoundException extends TributaryException {

    public TopicNotFoundException(String message) {
        super(message);
    }

    public TopicNotFoundException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
