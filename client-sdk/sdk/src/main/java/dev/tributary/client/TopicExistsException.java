package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * A topic with that name already exists. Immutable once thrown.
 */
public class TopicExistsException extends TributaryException {

    public TopicExistsException(String message) {
        super(message);
    }

    public TopicExistsException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
