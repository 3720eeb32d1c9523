package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * Root of every error the Tributary clients raise. Unchecked, like Kafka's
 * {@code KafkaException}; subclasses name the cases callers usually handle, and
 * {@link RetriableException} marks the ones that may succeed if tried again.
 *
 * <p>{@link #errorCode()} is the server's stable {@code errorCode} when the error came
 * from the service, or {@code null} when it arose in the client. Immutable once thrown.
 */
public class TributaryException extends RuntimeException {
    private final ErrorCode errorCode;

    public TributaryException(String message) {
        this(null, message, null);
    }

    public TributaryException(String message, Throwable cause) {
        this(null, message, cause);
    }

    public TributaryException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The server's error code, or {@code null} for a client-side error. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Whether the same operation may succeed when retried unchanged. */
    public boolean retriable() {
        return false;
    }
}
