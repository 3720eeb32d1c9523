package dev.tributary.client;

/**
 * An operation did not finish in the time it was given: a produce that outlived its
 * delivery timeout, a request that got no answer. Immutable once thrown.
 */
public class TributaryTimeoutException extends RetriableException {

    public TributaryTimeoutException(String message) {
        super(message);
    }

    public TributaryTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
