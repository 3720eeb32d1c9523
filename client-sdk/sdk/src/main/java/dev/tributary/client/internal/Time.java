package dev.tributary.client.internal;

/**
 * The clock the clients read, as Kafka's {@code Time}: injected so that tests can move
 * time by hand instead of sleeping. Implementations are thread-safe.
 */
public interface Time {
    /** The real clock. */
    Time SYSTEM = new Time() {
        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }

        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }
    };

    /** A monotonic reading for measuring intervals, as {@link System#nanoTime()}. */
    long nanoseconds();

    /** Wall-clock epoch milliseconds. */
    long milliseconds();
}
