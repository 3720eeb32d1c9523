package dev.tributary.client;

/**
 * The producer could not reserve buffer memory for a record within its
 * {@code maxBlock}: records are produced faster than the service accepts them.
 * Immutable once thrown.
 */
public class BufferExhaustedException extends TributaryTimeoutException {

    public BufferExhaustedException(String message) {
        super(message);
    }
}
