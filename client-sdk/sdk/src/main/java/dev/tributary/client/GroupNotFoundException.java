package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * The consumer group does not exist. Immutable once thrown.
 */
public class GroupNotFoundException extends TributaryException {

    public GroupNotFoundException(String message) {
        super(message);
    }

    public GroupNotFoundException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
