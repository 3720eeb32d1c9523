package dev.tributary.client;

/**
 * A consumer has no position for an assigned partition and its reset policy is
 * {@code NONE}; seek before polling. Immutable once thrown.
 */
public class NoOffsetForPartitionException extends TributaryException {

    public NoOffsetForPartitionException(String message) {
        super(message);
    }
}
