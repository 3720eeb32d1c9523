package dev.tributary.client.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves when a test says so, and by {@code autoTick} at every reading (as
 * Kafka's {@code MockTime}), so that a loop waiting for a deadline ends. Thread-safe.
 */
public final class MockTime implements Time {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong epochMs = new AtomicLong(1_700_000_000_000L);
    private final long autoTickNanos;

    public MockTime() {
        this(Duration.ZERO);
    }

    public MockTime(Duration autoTick) {
        this.autoTickNanos = autoTick.toNanos();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        epochMs.addAndGet(d.toMillis());
    }

    @Override
    public long nanoseconds() {
        return nanos.addAndGet(autoTickNanos);
    }

    @Override
    public long milliseconds() {
        return epochMs.get();
    }
}
