package dev.tributary.client.consumer.internals;

import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.core.format.LogRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records read ahead of {@code poll}, per partition, with the errors that stopped a
 * partition's reads, as Kafka's {@code FetchBuffer}. The fetcher adds to it from HTTP
 * client threads; the polling thread takes from it and waits on it.
 *
 * <p>Per partition: completed fetches in offset order, a sticky error (reported until the
 * partition is sought again or dropped), and a one-shot "stalled" error (reported once).
 * Thread-safe: one lock; a {@link #wakeup()} or {@link #signal()} ends a wait.
 */
public final class FetchBuffer {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<TopicPartition, Deque<CompletedFetch>> fetches = new HashMap<>();
    private final Map<TopicPartition, TributaryException> errors = new HashMap<>();
    private final Map<TopicPartition, TributaryException> stalled = new HashMap<>();
    private long bufferedBytes;
    private boolean woken;
    private boolean signalled;

    void add(TopicPartition tp, CompletedFetch fetch) {
        lock.lock();
        try {
            fetches.computeIfAbsent(tp, k -> new ArrayDeque<>()).addLast(fetch);
            bufferedBytes += fetch.sizeInBytes();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the partition with {@code error} until {@link #clear}. */
    void setError(TopicPartition tp, TributaryException error) {
        lock.lock();
        try {
            errors.put(tp, error);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reports {@code error} once, at the next collect that reaches the partition. */
    void setStalled(TopicPartition tp, TributaryException error) {
        lock.lock();
        try {
            stalled.put(tp, error);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean hasError(TopicPartition tp) {
        lock.lock();
        try {
            return errors.containsKey(tp);
        } finally {
            lock.unlock();
        }
    }

    boolean hasErrorToReport(TopicPartition tp) {
        lock.lock();
        try {
            return errors.containsKey(tp) || stalled.containsKey(tp);
        } finally {
            lock.unlock();
        }
    }

    boolean hasRecords(TopicPartition tp) {
        lock.lock();
        try {
            Deque<CompletedFetch> d = fetches.get(tp);
            return d != null && !d.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} buffered records of {@code tp}, in offset order. */
    List<LogRecord> take(TopicPartition tp, int max) {
        lock.lock();
        try {
            Deque<CompletedFetch> d = fetches.get(tp);
            List<LogRecord> out = new ArrayList<>(Math.min(max, 512));
            while (d != null && out.size() < max && !d.isEmpty()) {
                CompletedFetch f = d.peekFirst();
                out.addAll(f.take(max - out.size()));
                if (f.isConsumed()) {
                    d.pollFirst();
                    bufferedBytes -= f.sizeInBytes();
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The error to report for a partition without buffered records (the sticky one first), or null. */
    TributaryException takeError(TopicPartition tp) {
        lock.lock();
        try {
            TributaryException e = errors.get(tp);
            return e != null ? e : stalled.remove(tp);
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything buffered for these partitions, errors included. */
    void clear(Collection<TopicPartition> partitions) {
        lock.lock();
        try {
            for (TopicPartition tp : partitions) {
                Deque<CompletedFetch> d = fetches.remove(tp);
                if (d != null) {
                    for (CompletedFetch f : d) {
                        bufferedBytes -= f.sizeInBytes();
                    }
                }
                errors.remove(tp);
                stalled.remove(tp);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of records buffered for {@code poll}. */
    public long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a partition that {@code fetchable} accepts has records or an error, a
     * wakeup or signal, or the timeout.
     */
    void awaitData(long nanos, Predicate<TopicPartition> fetchable) {
        lock.lock();
        try {
            if (!woken && !signalled && !hasDataOrError(fetchable)) {
                changed.awaitNanos(nanos);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryException("Interrupted while polling", e);
        } finally {
            lock.unlock();
        }
    }

    private boolean hasDataOrError(Predicate<TopicPartition> fetchable) {
        for (Map.Entry<TopicPartition, Deque<CompletedFetch>> e : fetches.entrySet()) {
            if (!e.getValue().isEmpty() && fetchable.test(e.getKey())) {
                return true;
            }
        }
        return errors.keySet().stream().anyMatch(fetchable) || stalled.keySet().stream().anyMatch(fetchable);
    }

    /** Ends a wait and makes {@link #consumeWakeup()} true once. */
    void wakeup() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends a wait without a wakeup, so the polling thread looks at its state again. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean consumeWakeup() {
        lock.lock();
        try {
            boolean w = woken;
            woken = false;
            return w;
        } finally {
            lock.unlock();
        }
    }
}
