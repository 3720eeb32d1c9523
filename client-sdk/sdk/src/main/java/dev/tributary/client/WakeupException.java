package dev.tributary.client;

/**
 * Thrown by a consumer's {@code poll} after another thread called {@code wakeup()}, as
 * Kafka's {@code WakeupException}: the usual way to stop a polling loop from outside.
 * Immutable once thrown.
 */
public class WakeupException extends TributaryException {

    public WakeupException() {
        super("The consumer was woken up by wakeup()");
    }
}
