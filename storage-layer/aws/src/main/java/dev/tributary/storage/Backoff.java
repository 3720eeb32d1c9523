package dev.tributary.storage;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Exponential back-off with full jitter between retries of a storage call (AWS's recommended
 * policy): attempt {@code n} waits a random time up to {@code min(cap, base * 2^n)}.
 * Thread-safe and stateless.
 */
public record Backoff(long baseMs, long capMs) {
    /** The policy of storage calls that lost a race or were throttled. */
    public static final Backoff STORAGE = new Backoff(2, 200);

    /** Upper bound of the wait before retry {@code attempt} (1-based). */
    public long maxWaitMs(int attempt) {
        return Math.min(capMs, baseMs << Math.min(Math.max(attempt, 1), 20));
    }

    public void pause(int attempt) {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, maxWaitMs(attempt) + 1) * 1_000_000L);
    }
}
