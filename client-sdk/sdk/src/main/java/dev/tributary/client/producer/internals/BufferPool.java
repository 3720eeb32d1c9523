package dev.tributary.client.producer.internals;

import dev.tributary.client.BufferExhaustedException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the memory held by records that are buffered or in flight. Senders reserve an
 * estimate before appending and blocking up to {@code maxBlock} when the bound is
 * reached; bytes are released when their batch completes. Accounting only, no pooling:
 * the batch builders own their buffers. Thread-safe; waiters are served in arrival
 * order so a large record is not starved by small ones.
 */
public final class BufferPool {
    private final long totalBytes;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition released = lock.newCondition();
    private long availableBytes;

    public BufferPool(long totalBytes) {
        this.totalBytes = totalBytes;
        this.availableBytes = totalBytes;
    }

    /**
     * Reserves {@code bytes}, waiting up to {@code maxBlockNanos}.
     *
     * @throws BufferExhaustedException when the memory did not free up in time, or the
     *                                  request is larger than the whole pool
     */
    public void reserve(long bytes, long maxBlockNanos) throws InterruptedException {
        if (bytes > totalBytes) {
            throw new BufferExhaustedException("A record needs " + bytes + " bytes but bufferMemory is only "
                    + totalBytes + " bytes");
        }
        lock.lock();
        try {
            long remaining = maxBlockNanos;
            while (availableBytes < bytes) {
                if (remaining <= 0) {
                    throw new BufferExhaustedException("Failed to reserve " + bytes + " bytes of buffer memory within "
                            + TimeUnit.NANOSECONDS.toMillis(maxBlockNanos) + " ms: records are produced faster than "
                            + "the service accepts them");
                }
                remaining = released.awaitNanos(remaining);
            }
            availableBytes -= bytes;
        } finally {
            lock.unlock();
        }
    }

    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        lock.lock();
        try {
            availableBytes = Math.min(totalBytes, availableBytes + bytes);
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long availableBytes() {
        lock.lock();
        try {
            return availableBytes;
        } finally {
            lock.unlock();
        }
    }

    public long totalBytes() {
        return totalBytes;
    }
}
