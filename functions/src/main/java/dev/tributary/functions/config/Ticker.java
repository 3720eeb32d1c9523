package dev.tributary.functions.config;

/**
 * A monotonic time source for waits measured in elapsed time (linger, long-poll deadlines),
 * as Guava's and Caffeine's {@code Ticker}: unlike the wall {@link java.time.Clock}, which
 * tests move to expire sessions and leases, it only ever moves forward at real speed unless a
 * test replaces it. Thread-safe.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanos();

    Ticker SYSTEM = System::nanoTime;
}
