package dev.tributary.client.consumer.internals;

import dev.tributary.client.NoOffsetForPartitionException;
import dev.tributary.client.OffsetOutOfRangeException;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.OffsetsClient;
import dev.tributary.client.internal.Time;
import dev.tributary.core.format.LogRecord;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every assigned partition's records flowing into the {@link FetchBuffer} ahead of
 * {@code poll}: one read in flight per partition, the next one started as soon as the
 * previous arrives, as long as the buffered records stay under {@code prefetchMaxBytes}.
 * Partitions without a position get one by the reset policy first. {@link #collect} hands
 * buffered records out through the {@link FetchCollector}.
 *
 * <p>Failures: transient ones (storage or service briefly unavailable, expired URLs) are
 * retried with backoff; an out-of-range position is reset by the reset policy or, with
 * {@code NONE}, reported; a deleted topic, corrupt bytes and other errors stop that
 * partition and are reported once its buffered records are drained, until the partition
 * is sought again. A partition whose reads keep failing transiently for longer than the
 * API timeout (an unreachable service, a wrong endpoint) reports a
 * {@link TributaryTimeoutException} once and keeps retrying. Paused partitions keep their
 * buffered records but read no more.
 *
 * <p>Invariant: records reach the caller in offset order without gaps, from the
 * partition's position on; a seek bumps the partition's epoch so that reads started
 * before it are discarded. Thread-safe: fetch state is guarded by one lock (taken before
 * the buffer's); read completions arrive on HTTP client threads.
 */
public final class Fetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

    private final PartitionReader reader;
    private final OffsetsClient offsets;
    private final URI endpoint;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final FetchCollector collector;
    private final AutoOffsetReset reset;
    private final long prefetchMaxBytes;
    private final long idleBackoffNanos;
    private final long retryBackoffNanos;
    private final long apiTimeoutNanos;
    private final ScheduledExecutorService timer;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<TopicPartition, State> states = new LinkedHashMap<>();
    private boolean closed;

    /** A partition's read state; the position itself lives in {@link SubscriptionState}. */
    private static final class State {
        final TopicPartition tp;
        long fetchOffset = -1;
        int epoch;
        boolean busy;
        boolean lastEmpty;
        int failures;
        long failingSinceNanos;
        long notBeforeNanos;
        String topicId;

        State(TopicPartition tp) {
            this.tp = tp;
        }
    }

    /**
     * @param apiTimeoutNanos how long reads of a partition may keep failing transiently
     *                        before {@link #collect} reports it
     */
    public Fetcher(PartitionReader reader, OffsetsClient offsets, URI endpoint, SubscriptionState subscriptions,
                   AutoOffsetReset reset, long prefetchMaxBytes, long idleBackoffNanos, long retryBackoffNanos,
                   long apiTimeoutNanos, ScheduledExecutorService timer, Time time) {
        this.reader = reader;
        this.offsets = offsets;
        this.endpoint = endpoint;
        this.subscriptions = subscriptions;
        this.buffer = new FetchBuffer();
        this.collector = new FetchCollector(buffer, subscriptions);
        this.reset = reset;
        this.prefetchMaxBytes = prefetchMaxBytes;
        this.idleBackoffNanos = idleBackoffNanos;
        this.retryBackoffNanos = retryBackoffNanos;
        this.apiTimeoutNanos = apiTimeoutNanos;
        this.timer = timer;
        this.time = time;
    }

    /** Follows a change of the subscription's assignment: kept partitions keep their reads and buffers. */
    public void assignmentChanged() {
        lock.lock();
        try {
            Map<TopicPartition, State> kept = new LinkedHashMap<>();
            for (TopicPartition tp : subscriptions.assignedPartitions()) {
                State s = states.remove(tp);
                if (s == null) {
                    s = new State(tp);
                    s.fetchOffset = subscriptions.position(tp);
                }
                kept.put(tp, s);
            }
            for (State dropped : states.values()) {
                dropped.epoch++;
            }
            buffer.clear(states.keySet());
            states.clear();
            states.putAll(kept);
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    /** Moves a partition's position; buffered and in-flight reads are discarded. */
    public void seek(TopicPartition tp, long offset) {
        lock.lock();
        try {
            State s = require(tp);
            subscriptions.position(tp, offset);
            buffer.clear(List.of(tp));
            s.epoch++;
            s.busy = false;
            s.fetchOffset = offset;
            s.failures = 0;
            s.lastEmpty = false;
            s.notBeforeNanos = 0;
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    /** Reads of resumed partitions start again. */
    public void resumed() {
        lock.lock();
        try {
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code maxRecords} buffered records, spreading them fairly over
     * partitions, and advances positions past them.
     *
     * @throws TributaryException a partition's error, once no record precedes it
     */
    public Map<TopicPartition, List<LogRecord>> collect(int maxRecords) {
        lock.lock();
        try {
            Map<TopicPartition, List<LogRecord>> out = collector.collect(maxRecords);
            maybeFetch();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until records or an error may be available, a wakeup or signal, or the timeout. */
    public void awaitData(long nanos) {
        lock.lock();
        try {
            maybeFetch();
        } finally {
            lock.unlock();
        }
        buffer.awaitData(nanos, subscriptions::isFetchable);
    }

    public void wakeup() {
        buffer.wakeup();
    }

    /** Makes a waiting {@link #awaitData} return (without a wakeup), so the caller looks at its state again. */
    public void signal() {
        buffer.signal();
    }

    public boolean consumeWakeup() {
        return buffer.consumeWakeup();
    }

    /** Starts reads (or position lookups) for partitions that can take one. Caller holds the lock. */
    private void maybeFetch() {
        if (closed) {
            return;
        }
        long now = time.nanoseconds();
        for (State s : states.values()) {
            if (s.busy || buffer.hasError(s.tp) || !subscriptions.isFetchable(s.tp) || now - s.notBeforeNanos < 0) {
                continue;
            }
            if (subscriptions.position(s.tp) < 0) {
                startReset(s);
            } else if (buffer.bufferedBytes() < prefetchMaxBytes) {
                startRead(s);
            }
        }
    }

    private void startRead(State s) {
        s.busy = true;
        int epoch = s.epoch;
        CompletableFuture<FetchResult> f;
        try {
            f = reader.read(s.tp, s.fetchOffset, s.lastEmpty);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((result, error) -> onRead(s, epoch, result, error));
    }

    private void onRead(State s, int epoch, FetchResult result, Throwable failure) {
        lock.lock();
        try {
            if (epoch != s.epoch || states.get(s.tp) != s) {
                return;
            }
            s.busy = false;
            if (failure != null) {
                onReadError(s, Errors.wrap(failure));
            } else if (result.topicId() != null && s.topicId != null && !s.topicId.equals(result.topicId())) {
                buffer.setError(s.tp, new TopicNotFoundException("Topic '" + s.tp.topic()
                        + "' was deleted and re-created while being read"));
            } else {
                if (result.topicId() != null) {
                    s.topicId = result.topicId();
                }
                s.failures = 0;
                if (result.records().isEmpty()) {
                    s.lastEmpty = true;
                    s.fetchOffset = Math.max(s.fetchOffset, result.nextOffset());
                    later(s, idleBackoffNanos);
                } else {
                    s.lastEmpty = false;
                    buffer.add(s.tp, new CompletedFetch(result.records(), result.sizeInBytes()));
                    s.fetchOffset = result.nextOffset();
                }
            }
            buffer.signal();
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    private void onReadError(State s, TributaryException e) {
        if (e instanceof OffsetOutOfRangeException oor) {
            if (reset == AutoOffsetReset.NONE) {
                buffer.setError(s.tp, e);
            } else if (buffer.hasRecords(s.tp)) {
                // Records already buffered are still valid; reset once they have been consumed.
                later(s, retryBackoffNanos);
            } else {
                long target = reset == AutoOffsetReset.EARLIEST ? oor.earliestOffset() : oor.latestOffset();
                LOG.info("Offset {} of {} is out of range; resetting to {} ({})", s.fetchOffset, s.tp, target, reset);
                subscriptions.position(s.tp, Math.max(-1, target));
                s.fetchOffset = target;
            }
        } else if (e.retriable()) {
            retryLater(s, e);
        } else {
            buffer.setError(s.tp, e);
        }
    }

    /** Backs off before the next read; reports a partition that has been failing for longer than the API timeout. */
    private void retryLater(State s, TributaryException e) {
        long now = time.nanoseconds();
        if (s.failures++ == 0) {
            s.failingSinceNanos = now;
        } else if (now - s.failingSinceNanos >= apiTimeoutNanos) {
            buffer.setStalled(s.tp, new TributaryTimeoutException("Reading " + s.tp + " from " + endpoint
                    + " has failed for " + TimeUnit.NANOSECONDS.toMillis(now - s.failingSinceNanos)
                    + " ms; still retrying. Last error: " + e.getMessage(), e));
            s.failingSinceNanos = now;
        }
        long backoff = Math.min(TimeUnit.SECONDS.toNanos(5), retryBackoffNanos << Math.min(10, s.failures - 1));
        if (s.failures % 10 == 0) {
            LOG.warn("Reading {} failed {} times in a row; still retrying: {}", s.tp, s.failures, e.getMessage());
        }
        later(s, backoff);
    }

    private void startReset(State s) {
        if (reset == AutoOffsetReset.NONE) {
            buffer.setError(s.tp, new NoOffsetForPartitionException("No position for " + s.tp
                    + " and the reset policy is NONE; seek first"));
            return;
        }
        s.busy = true;
        int epoch = s.epoch;
        offsets.offset(s.tp, reset == AutoOffsetReset.EARLIEST ? "earliest" : "latest").whenComplete((o, failure) -> {
            lock.lock();
            try {
                if (epoch != s.epoch || states.get(s.tp) != s) {
                    return;
                }
                s.busy = false;
                if (failure != null) {
                    TributaryException e = Errors.wrap(failure);
                    if (e.retriable()) {
                        retryLater(s, e);
                    } else {
                        buffer.setError(s.tp, e);
                    }
                } else {
                    s.failures = 0;
                    subscriptions.position(s.tp, o.offset());
                    s.fetchOffset = o.offset();
                }
                buffer.signal();
                maybeFetch();
            } finally {
                lock.unlock();
            }
        });
    }

    private void later(State s, long nanos) {
        s.notBeforeNanos = time.nanoseconds() + nanos;
        timer.schedule(() -> {
            lock.lock();
            try {
                maybeFetch();
            } finally {
                lock.unlock();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private State require(TopicPartition tp) {
        State s = states.get(tp);
        if (s == null) {
            throw new IllegalStateException("Partition " + tp + " is not assigned to this consumer");
        }
        return s;
    }

    /** Bytes of records buffered for {@code poll}. */
    public long bufferedBytes() {
        return buffer.bufferedBytes();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            List<TopicPartition> all = new ArrayList<>(states.keySet());
            for (State s : states.values()) {
                s.epoch++;
            }
            buffer.clear(all);
            states.clear();
        } finally {
            lock.unlock();
        }
        buffer.signal();
    }
}
