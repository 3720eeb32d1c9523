package dev.tributary.localstack;

/**
 * The embedded stack could not start, provision or stop.
 *
 * <p>Unchecked: callers are tests and local mode, which can only report it.
 */
public class EmbeddedStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
