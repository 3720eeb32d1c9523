package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;
import java.time.Duration;

/**
 * The service asked the client to slow down ({@code 429}). {@link #retryAfter()} is the
 * wait the server asked for, from its {@code Retry-After} header. Immutable once thrown.
 */
public class ThrottledException extends RetriableException {
    private final Duration retryAfter;

    public ThrottledException(String message, Duration retryAfter) {
        super(ErrorCode.THROTTLED, message, null);
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for; {@code null} when it gave none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
