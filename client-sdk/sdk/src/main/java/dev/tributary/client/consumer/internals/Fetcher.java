package dev.tributary.client.consumer.internals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.NoOffsetForPartitionException;
import dev.tributary.client.OffsetOutOfRangeException;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.client.internal.Time;
import dev.tributary.core.format.LogRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * until the partition is sought again. A partition whose reads keep failing transiently
 * for longer than the API timeout (an unreachable service, a wrong endpoint) reports a
 * {@link TributaryTimeoutException} once and keeps retrying. Paused partitions keep
 * their buffered records but neither return them nor read more.
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
    private final long apiTimeoutNanos;
    private final ScheduledExecutorService timer;
    private final Time time;
    private final Set<TopicPartition> paused = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<TopicPartition, State> states = new LinkedHashMap<>();
    private long bufferedBytes;
    private int rotation;
    private boolean woken;
    private boolean signalled;
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
        long failingSinceNanos;
        TributaryException stalled;
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

    /**
     * @param apiTimeoutNanos how long reads of a partition may keep failing transiently
     *                        before {@link #collect} reports it
     */
    public Fetcher(PartitionReader reader, ServiceClient service, AutoOffsetReset reset, long prefetchMaxBytes,
                   long idleBackoffNanos, long retryBackoffNanos, long apiTimeoutNanos,
                   ScheduledExecutorService timer, Time time) {
        this.reader = reader;
        this.service = service;
        this.reset = reset;
        this.prefetchMaxBytes = prefetchMaxBytes;
        this.idleBackoffNanos = idleBackoffNanos;
        this.retryBackoffNanos = retryBackoffNanos;
        this.apiTimeoutNanos = apiTimeoutNanos;
        this.timer = timer;
        this.time = time;
    }

    /** Replaces the set of partitions read; kept partitions keep their positions and buffers. */
    public void assign(Collection<TopicPartition> partitions) {
        assign(partitions, Map.of());
    }

    /**
     * As {@link #assign(Collection)}; partitions not read so far start at the given
     * positions (a group's committed offsets), the others by the reset policy.
     */
    public void assign(Collection<TopicPartition> partitions, Map<TopicPartition, Long> startPositions) {
        lock.lock();
        try {
            Map<TopicPartition, State> kept = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                State s = states.remove(tp);
                if (s == null) {
                    s = new State(tp);
                    Long start = startPositions.get(tp);
                    if (start != null) {
                        s.position = start;
                        s.fetchOffset = start;
                    }
                }
                kept.put(tp, s);
            }
            for (State dropped : states.values()) {
                clearBuffer(dropped);
                dropped.epoch++;
            }
            states.clear();
            states.putAll(kept);
            paused.retainAll(kept.keySet());
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
            s.stalled = null;
            s.lastEmpty = false;
            s.notBeforeNanos = 0;
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    /** Stops returning and reading records of these assigned partitions until {@link #resume}. */
    public void pause(Collection<TopicPartition> partitions) {
        lock.lock();
        try {
            for (TopicPartition tp : partitions) {
                require(tp);
            }
            paused.addAll(partitions);
        } finally {
            lock.unlock();
        }
    }

    /** Returns and reads records of these partitions again. */
    public void resume(Collection<TopicPartition> partitions) {
        lock.lock();
        try {
            paused.removeAll(partitions);
            maybeFetch();
        } finally {
            lock.unlock();
        }
    }

    public Set<TopicPartition> paused() {
        lock.lock();
        try {
            return Set.copyOf(paused);
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
                if (paused.contains(s.tp)) {
                    continue;
                }
                if (s.chunks.isEmpty()) {
                    if (error == null && s.error != null) {
                        error = s.error;
                    } else if (error == null && s.stalled != null) {
                        error = s.stalled;
                        s.stalled = null;
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
            if (!woken && !signalled && !hasDataOrError()) {
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

    public void wakeup() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting {@link #awaitData} return (without a wakeup), so the caller looks at its state again. */
    public void signal() {
        lock.lock();
        try {
            signalled = true;
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
            if (!paused.contains(s.tp) && (!s.chunks.isEmpty() || s.error != null || s.stalled != null)) {
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
        long now = time.nanoseconds();
        for (State s : states.values()) {
            if (s.busy || s.error != null || paused.contains(s.tp) || now - s.notBeforeNanos < 0) {
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
                s.failingSinceNanos = 0;
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
            retryLater(s, e);
        } else {
            s.error = e;
        }
    }

    /** Backs off before the next read; reports a partition that has been failing for longer than the API timeout. */
    private void retryLater(State s, TributaryException e) {
        long now = time.nanoseconds();
        if (s.failures++ == 0) {
            s.failingSinceNanos = now;
        } else if (now - s.failingSinceNanos >= apiTimeoutNanos) {
            s.stalled = new TributaryTimeoutException("Reading " + s.tp + " from " + service.endpoint()
                    + " has failed for " + TimeUnit.NANOSECONDS.toMillis(now - s.failingSinceNanos)
                    + " ms; still retrying. Last error: " + e.getMessage(), e);
            s.failingSinceNanos = now;
        }
        long backoff = Math.min(TimeUnit.SECONDS.toNanos(5), retryBackoffNanos << Math.min(10, s.failures - 1));
        if (s.failures % 10 == 0) {
            LOG.warn("Reading {} failed {} times in a row; still retrying: {}", s.tp, s.failures, e.getMessage());
        }
        later(s, backoff);
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
                        retryLater(s, e);
                    } else {
                        s.error = e;
                    }
                } else {
                    s.failures = 0;
                    s.failingSinceNanos = 0;
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
