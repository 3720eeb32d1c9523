package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;
import java.time.Duration;

/**
 * The service could not reach its storage or failed internally ({@code 503}/{@code 5xx});
 * the request did not take effect or will be deduplicated when retried. Immutable once
 * thrown.
 */
public class ServiceUnavailableException extends RetriableException {
    private final Duration retryAfter;

    public ServiceUnavailableException(ErrorCode errorCode, String message, Duration retryAfter) {
        super(errorCode, message, null);
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for; {@code null} when it gave none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
