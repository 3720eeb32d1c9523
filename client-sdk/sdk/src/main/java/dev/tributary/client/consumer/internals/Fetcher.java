package dev.tributary.client.consumer.internals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.NoOffsetForPartitionException;
import dev.tributary.client.OffsetOutOfRangeException;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.core.format.LogRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every assigned partition's records flowing into memory ahead of {@code poll}:
 * one read in flight per partition, the next one started as soon as the previous
 * arrives, as long as the buffered records stay under {@code prefetchMaxBytes}.
 *
 * <p>Failures: transient ones (storage or service briefly unavailable, expired URLs) are
 * retried with backoff; an out-of-range position is reset by the reset policy or, with
 * {@code NONE}, reported; a deleted topic, corrupt bytes and other errors stop that
 * partition and are reported by {@link #collect} once its buffered records are drained,
 * until the partition is sought again.
 *
 * <p>Invariant: records reach the caller in offset order without gaps, from the
 * partition's position on; a seek bumps the partition's epoch so that reads started
 * before it are discarded. Thread-safe: state is guarded by one lock; read completions
 * arrive on HTTP client threads.
 */
public final class Fetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

    private final PartitionReader reader;
    private final ServiceClient service;
    private final AutoOffsetReset reset;
    private final long prefetchMaxBytes;
    private final long idleBackoffNanos;
    private final long retryBackoffNanos;
    private final ScheduledExecutorService timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<TopicPartition, State> states = new LinkedHashMap<>();
    private long bufferedBytes;
    private int rotation;
    private boolean woken;
    private boolean closed;

    private static final class State {
        final TopicPartition tp;
        final Deque<Chunk> chunks = new ArrayDeque<>();
        long position = -1;
        long fetchOffset = -1;
        int epoch;
        boolean busy;
        boolean lastEmpty;
        int failures;
        long notBeforeNanos;
        String topicId;
        TributaryException error;

        State(TopicPartition tp) {
            this.tp = tp;
        }
    }

    private static final class Chunk {
        final List<LogRecord> records;
        final long bytes;
        int next;

        Chunk(List<LogRecord> records, long bytes) {
            this.records = records;
            this.bytes = bytes;
        }
    }

    public Fetcher(PartitionReader reader, ServiceClient service, AutoOffsetReset reset, long prefetchMaxBytes,
                   long idleBackoffNanos, long retryBackoffNanos, ScheduledExecutorService timer) {
        this.reader = reader;
        this.service = service;
        this.reset = reset;
        this.prefetchMaxBytes = prefetchMaxBytes;
        this.idleBackoffNanos = idleBackoffNanos;
        this.retryBackoffNanos = retryBackoffNanos;
        this.timer = timer;
    }

    /** Replaces the set of partitions read; kept partitions keep their positions and buffers. */
    public void assign(Collection<TopicPartition> partitions) {
        lock.lock();
        try {
            Map<TopicPartition, State> kept = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                State s = states.remove(tp);
                kept.put(tp, s != null ? s : new State(tp));
            }
            for (State dropped : states.values()) {
                clearBuffer(dropped);
                dropped.epoch++;
            }
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
            clearBuffer(s);
            s.epoch++;
            s.busy = false;
            s.position = offset;
            s.fetchOffset = offset;
            s.error = null;
            s.failures = 0;
            s.lastEmpty = false;
            s.notBeforeNanos = 0;
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    /** The position, or -1 when not known yet. */
    public long position(TopicPartition tp) {
        lock.lock();
        try {
            return require(tp).position;
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
            Map<TopicPartition, List<LogRecord>> out = new LinkedHashMap<>();
            List<State> order = new ArrayList<>(states.values());
            if (order.isEmpty()) {
                return out;
            }
            int start = Math.floorMod(rotation++, order.size());
            int remaining = maxRecords;
            TributaryException error = null;
            for (int i = 0; i < order.size() && remaining > 0; i++) {
                State s = order.get((start + i) % order.size());
                if (s.chunks.isEmpty()) {
                    if (s.error != null && error == null) {
                        error = s.error;
                    }
                    continue;
                }
                List<LogRecord> taken = new ArrayList<>(Math.min(remaining, 512));
                while (remaining > 0 && !s.chunks.isEmpty()) {
                    Chunk c = s.chunks.peekFirst();
                    int n = Math.min(remaining, c.records.size() - c.next);
                    taken.addAll(c.records.subList(c.next, c.next + n));
                    c.next += n;
                    remaining -= n;
                    if (c.next == c.records.size()) {
                        s.chunks.pollFirst();
                        bufferedBytes -= c.bytes;
                    }
                }
                s.position = taken.get(taken.size() - 1).offset() + 1;
                out.put(s.tp, taken);
            }
            if (out.isEmpty() && error != null) {
                throw error;
            }
            maybeFetch();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until records or an error may be available, a wakeup, or the timeout. */
    public void awaitData(long nanos) {
        lock.lock();
        try {
            maybeFetch();
            if (!woken && !hasDataOrError()) {
                changed.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryException("Interrupted while polling", e);
        } finally {
            lock.unlock();
        }
    }

    public void wakeup() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean consumeWakeup() {
        lock.lock();
        try {
            boolean w = woken;
            woken = false;
            return w;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasDataOrError() {
        for (State s : states.values()) {
            if (!s.chunks.isEmpty() || s.error != null) {
                return true;
            }
        }
        return false;
    }

    /** Starts reads (or position lookups) for partitions that can take one. Caller holds the lock. */
    private void maybeFetch() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (State s : states.values()) {
            if (s.busy || s.error != null || now - s.notBeforeNanos < 0) {
                continue;
            }
            if (s.position < 0) {
                startReset(s, reset);
            } else if (bufferedBytes < prefetchMaxBytes) {
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
                s.error = new TopicNotFoundException("Topic '" + s.tp.topic()
                        + "' was deleted and re-created while being read");
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
                    s.chunks.addLast(new Chunk(result.records(), result.sizeInBytes()));
                    bufferedBytes += result.sizeInBytes();
                    s.fetchOffset = result.nextOffset();
                }
            }
            changed.signalAll();
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    private void onReadError(State s, TributaryException e) {
        if (e instanceof OffsetOutOfRangeException oor) {
            if (reset == AutoOffsetReset.NONE) {
                s.error = e;
            } else if (!s.chunks.isEmpty()) {
                // Records already buffered are still valid; reset once they have been consumed.
                later(s, retryBackoffNanos);
            } else {
                long target = reset == AutoOffsetReset.EARLIEST ? oor.earliestOffset() : oor.latestOffset();
                if (target >= 0) {
                    LOG.info("Offset {} of {} is out of range; resetting to {} ({})", s.fetchOffset, s.tp, target, reset);
                    s.position = target;
                    s.fetchOffset = target;
                } else {
                    s.position = -1;
                }
            }
        } else if (e.retriable()) {
            s.failures++;
            long backoff = Math.min(TimeUnit.SECONDS.toNanos(5), retryBackoffNanos << Math.min(10, s.failures - 1));
            if (s.failures % 10 == 0) {
                LOG.warn("Reading {} failed {} times in a row; still retrying: {}", s.tp, s.failures, e.getMessage());
            }
            later(s, backoff);
        } else {
            s.error = e;
        }
    }

    private void startReset(State s, AutoOffsetReset policy) {
        if (policy == AutoOffsetReset.NONE) {
            s.error = new NoOffsetForPartitionException("No position for " + s.tp
                    + " and the reset policy is NONE; seek first");
            changed.signalAll();
            return;
        }
        s.busy = true;
        int epoch = s.epoch;
        String at = policy == AutoOffsetReset.EARLIEST ? "earliest" : "latest";
        offsetAsync(s.tp, at).whenComplete((body, failure) -> {
            lock.lock();
            try {
                if (epoch != s.epoch || states.get(s.tp) != s) {
                    return;
                }
                s.busy = false;
                if (failure != null) {
                    TributaryException e = Errors.wrap(failure);
                    if (e.retriable()) {
                        s.failures++;
                        later(s, retryBackoffNanos);
                    } else {
                        s.error = e;
                    }
                } else {
                    s.failures = 0;
                    s.position = body.path("offset").asLong();
                    s.fetchOffset = s.position;
                }
                changed.signalAll();
                maybeFetch();
            } finally {
                lock.unlock();
            }
        });
    }

    /** {@code GET .../offsets?at=...}; see the HTTP API. */
    public CompletableFuture<JsonNode> offsetAsync(TopicPartition tp, String at) {
        return service.sendJsonAsync("GET", "/v1/topics/" + ServiceClient.segment(tp.topic()) + "/partitions/"
                + tp.partition() + "/offsets?at=" + at, null);
    }

    private void later(State s, long nanos) {
        s.notBeforeNanos = System.nanoTime() + nanos;
        timer.schedule(() -> {
            lock.lock();
            try {
                maybeFetch();
            } finally {
                lock.unlock();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void clearBuffer(State s) {
        for (Chunk c : s.chunks) {
            bufferedBytes -= c.bytes;
        }
        s.chunks.clear();
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
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (State s : states.values()) {
                clearBuffer(s);
                s.epoch++;
            }
            states.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
