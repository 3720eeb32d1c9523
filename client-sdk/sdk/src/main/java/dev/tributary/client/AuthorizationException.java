package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * The caller is not authenticated or not allowed to do this. Immutable once thrown.
 */
public class AuthorizationException extends TributaryException {

    public AuthorizationException(String message) {
        super(message);
    }

    public AuthorizationException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
