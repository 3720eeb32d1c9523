package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * The service rejected the request as malformed or invalid (bad topic name, bad config, bad parameter). Immutable once thrown.
 */
public class InvalidRequestException extends TributaryException {

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
