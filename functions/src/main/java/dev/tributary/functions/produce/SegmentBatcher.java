package dev.tributary.functions.produce;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.BatchSummary;
import dev.tributary.core.format.Segment;
import dev.tributary.functions.config.Ticker;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.storage.LogCommitter;
import dev.tributary.storage.SegmentKeys;
import dev.tributary.storage.SegmentStore;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ShardId;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces concurrent produce requests into segments: one S3 PUT and one commit serve every
 * request that arrived within the linger time (or until the segment is full).
 *
 * <p>Pipeline: a single flusher thread cuts segments in arrival order ({@link SegmentAssembler}
 * builds each); up to {@code maxConcurrentUploads} segments are in flight at once, and no
 * segment is cut while all slots are busy, so under load requests pile into the next segment
 * instead of making many small ones (group commit). A segment commits after its own PUT and
 * after every earlier segment that shares a shard with it: segments on disjoint shards commit
 * in parallel, and per partition the commit order is the cut order. A request is acknowledged
 * only after its segment is in S3 and committed. A failed PUT or commit fails exactly the
 * requests in that segment (nothing of theirs is visible; an uploaded but uncommitted object
 * is an orphan that garbage collection finds by its missing reference item). The committer
 * may refuse single requests (conditional append, idempotent sequence checks); only those fail.
 *
 * <p>A segment fits one commit ({@link CommitBudget}); a single request always does, since it
 * names one topic. Thread-safe.
 */
@Singleton
public class SegmentBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentBatcher.class);

    /**
     * One record batch bound for one partition; {@code producer} is set for an idempotent
     * producer's batch that the {@link ProducerSequencer} accepted.
     */
    public record Append(UUID topicId, int partition, ByteBuffer batch, BatchSummary summary, ProducerSequencer.Pending producer) {
        public Append(UUID topicId, int partition, ByteBuffer batch, BatchSummary summary) {
            this(topicId, partition, batch, summary, null);
        }

        PartitionId partitionId() {
            return new PartitionId(topicId, partition);
        }
    }

    /** A request waiting for its segment: its batches, the offsets it expects, its answer. */
    private record Pending(List<Append> appends, Map<PartitionId, Long> expectedOffsets,
                           CompletableFuture<long[]> result, long bytes, CommitBudget footprint) {
    }

    private final SegmentStore segments;
    private final LogCommitter committer;
    private final ProducerSequencer sequencer;
    private final List<CommitListener> listeners;
    private final ProduceStats stats;
    private final Ticker ticker;
    private final long lingerNanos;
    private final int maxSegmentBytes;
    private final long maxPendingBytes;
    /** Segments cut but not yet committed (or failed). */
    private final Semaphore inFlightSegments;
    private final ExecutorService uploadExecutor;
    private final ExecutorService commitExecutor;
    private final Thread flusher;

    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long firstQueuedAtNanos;
    private final AtomicLong inFlightBytes = new AtomicLong();
    /** Per shard, the commit of the last segment cut that touches it (guarded by {@link #lock}). */
    private final Map<ShardId, CompletableFuture<Void>> shardTails = new HashMap<>();
    private final List<CompletableFuture<Void>> inFlightCommits = new ArrayList<>();
    private volatile boolean closed;

    public SegmentBatcher(SegmentStore segments, LogCommitter committer, ProducerSequencer sequencer,
                          List<CommitListener> listeners, ProduceStats stats, TributaryConfig config, Ticker ticker) {
        TributaryConfig.ProduceConfig c = config.getProduce();
        this.segments = segments;
        this.committer = committer;
        this.sequencer = sequencer;
        this.listeners = listeners;
        this.stats = stats;
        this.ticker = ticker;
        this.lingerNanos = c.getLinger().toNanos();
        this.maxSegmentBytes = c.getMaxSegmentBytes();
        this.maxPendingBytes = c.getMaxPendingBytes();
        this.inFlightSegments = new Semaphore(c.getMaxConcurrentUploads());
        this.uploadExecutor = Executors.newFixedThreadPool(c.getMaxConcurrentUploads(), daemon("segment-upload"));
        this.commitExecutor = Executors.newFixedThreadPool(c.getCommitThreads(), daemon("segment-commit"));
        this.flusher = daemon("segment-flusher").newThread(this::flushLoop);
        this.flusher.start();
    }

    /** Queues batches for the next segment; see {@link #submit(List, Map)}. */
    public CompletableFuture<long[]> submit(List<Append> appends) {
        return submit(appends, Map.of());
    }

    /**
     * Queues one request's batches for the next segment. The future completes with each
     * append's base offset, in order, once committed (for a retried idempotent request: the
     * original offsets). It fails with an {@link ApiException}: {@code STORAGE_UNAVAILABLE}
     * (retriable) if the segment could not be written or committed; {@code OFFSET_MISMATCH}
     * if a partition's log end differs from {@code expectedOffsets}; {@code PRODUCER_FENCED}
     * or {@code OUT_OF_ORDER_SEQUENCE} for an idempotent producer's batch that cannot follow.
     * A failed request stores nothing.
     *
     * @throws ApiException {@code THROTTLED} when too many bytes are already waiting;
     *         {@code REQUEST_TOO_LARGE} when the request cannot fit one commit
     */
    public CompletableFuture<long[]> submit(List<Append> appends, Map<PartitionId, Long> expectedOffsets) {
        if (appends.isEmpty()) {
            return CompletableFuture.completedFuture(new long[0]);
        }
        long bytes = 0;
        for (Append a : appends) {
            bytes += a.batch().remaining();
        }
        CommitBudget footprint = CommitBudget.of(appends);
        if (!footprint.fitsOneCommit()) {
            throw new ApiException(ErrorCode.REQUEST_TOO_LARGE, "The request spans " + footprint.describe()
                    + "; one request may span at most " + CommitBudget.describeLimit() + ".");
        }
        Pending pending = new Pending(appends, Map.copyOf(expectedOffsets), new CompletableFuture<>(), bytes, footprint);
        synchronized (lock) {
            if (closed) {
                throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "The server is shutting down; retry on another instance.");
            }
            if (queuedBytes + inFlightBytes.get() + bytes > maxPendingBytes && (queuedBytes > 0 || inFlightBytes.get() > 0)) {
                stats.throttled.increment();
                throw new ApiException(ErrorCode.THROTTLED,
                        "The server has " + (queuedBytes + inFlightBytes.get()) + " bytes waiting to be written; retry shortly.");
            }
            if (queue.isEmpty()) {
                firstQueuedAtNanos = ticker.nanos();
            }
            queue.add(pending);
            queuedBytes += bytes;
            lock.notifyAll();
        }
        return pending.result;
    }

    private void flushLoop() {
        while (true) {
            try {
                // Wait for a free slot before cutting: while the pipeline is full, requests keep
                // joining the next segment, so segments grow with load (group commit).
                inFlightSegments.acquire();
            } catch (InterruptedException e) {
                return;
            }
            List<Pending> cut;
            try {
                cut = nextSegment();
            } catch (InterruptedException e) {
                inFlightSegments.release();
                return;
            }
            if (cut == null) {
                inFlightSegments.release();
                return;
            }
            try {
                write(cut);
            } catch (RuntimeException e) {
                inFlightSegments.release();
                inFlightBytes.addAndGet(-cut.stream().mapToLong(Pending::bytes).sum());
                LOG.error("Could not build a segment", e);
                fail(cut, e instanceof ApiException api ? api
                        : new ApiException(ErrorCode.INTERNAL_ERROR, "Could not build a segment: " + e.getMessage(), e));
            }
        }
    }

    /** Waits for the linger time or a full segment, then takes the requests that fit one segment. */
    private List<Pending> nextSegment() throws InterruptedException {
        synchronized (lock) {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                lock.wait();
            }
            while (!closed && queuedBytes < maxSegmentBytes && queueFitsOneCommit()) {
                long waitNanos = firstQueuedAtNanos + lingerNanos - ticker.nanos();
                if (waitNanos <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
            }
            List<Pending> cut = new ArrayList<>();
            CommitBudget footprint = CommitBudget.empty();
            long bytes = 0;
            while (!queue.isEmpty()) {
                Pending next = queue.peek();
                CommitBudget union = footprint.plus(next.footprint);
                if (!cut.isEmpty() && (bytes + next.bytes > maxSegmentBytes || !union.fitsOneCommit())) {
                    break;
                }
                queue.poll();
                cut.add(next);
                footprint = union;
                bytes += next.bytes;
            }
            queuedBytes -= bytes;
            inFlightBytes.addAndGet(bytes);
            firstQueuedAtNanos = ticker.nanos();
            return cut;
        }
    }

    /** Whether everything queued would still commit at once (else cut now). */
    private boolean queueFitsOneCommit() {
        CommitBudget all = CommitBudget.empty();
        for (Pending p : queue) {
            all = all.plus(p.footprint);
            if (!all.fitsOneCommit()) {
                return false;
            }
        }
        return true;
    }

    private void write(List<Pending> cut) {
        List<List<Append>> requests = new ArrayList<>(cut.size());
        List<Map<PartitionId, Long>> expected = new ArrayList<>(cut.size());
        for (Pending p : cut) {
            requests.add(p.appends);
            expected.add(p.expectedOffsets);
        }
        SegmentAssembler.Assembled assembled = SegmentAssembler.assemble(requests, expected);
        Segment segment = assembled.segment();
        String key = SegmentKeys.newKey();
        long cutBytes = cut.stream().mapToLong(Pending::bytes).sum();
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> segments.put(key, segment.bytes()), uploadExecutor);
        CompletableFuture<List<CommitRequest.Outcome>> committed;
        synchronized (lock) {
            Set<ShardId> shards = assembled.shards();
            List<CompletableFuture<Void>> before = new ArrayList<>();
            before.add(put);
            for (ShardId s : shards) {
                CompletableFuture<Void> tail = shardTails.get(s);
                if (tail != null) {
                    before.add(tail);
                }
            }
            // Wait for this segment's PUT and the earlier commits on its shards, whatever their outcome.
            CompletableFuture<Void> ready = CompletableFuture.allOf(before.stream()
                    .map(f -> f == put ? f : f.handle((r, e) -> null)).toArray(CompletableFuture[]::new));
            committed = ready.thenApplyAsync(ignored -> committer.commit(key, segment.bytes().length, assembled.requests()),
                    commitExecutor);
            CompletableFuture<Void> done = committed.handle((r, e) -> null);
            for (ShardId s : shards) {
                shardTails.put(s, done);
            }
            inFlightCommits.add(done);
            done.whenComplete((r, e) -> {
                synchronized (lock) {
                    shards.forEach(s -> shardTails.remove(s, done));
                    inFlightCommits.remove(done);
                }
            });
        }
        committed.whenComplete((outcomes, error) -> {
            inFlightSegments.release();
            inFlightBytes.addAndGet(-cutBytes);
            if (error != null) {
                stats.failedFlushes.increment();
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                LOG.warn("Segment {} was not committed: {}", key, cause.toString());
                fail(cut, cause instanceof ApiException api ? api
                        : new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Could not store the records: " + cause.getMessage(), cause));
                return;
            }
            stats.segmentPuts.increment();
            stats.segmentBytes.add(segment.bytes().length);
            stats.commits.increment();
            Map<PartitionId, Long> ends = new HashMap<>();
            for (int p = 0; p < cut.size(); p++) {
                Pending pending = cut.get(p);
                CommitRequest.Outcome outcome = outcomes.get(p);
                if (!outcome.accepted()) {
                    fail(List.of(pending), outcome.error());
                    continue;
                }
                long[] offsets = outcome.baseOffsets();
                for (int i = 0; i < offsets.length; i++) {
                    Append a = pending.appends.get(i);
                    if (a.producer() != null) {
                        sequencer.committed(a.producer(), offsets[i]);
                    }
                    ends.merge(a.partitionId(), offsets[i] + a.summary().recordCount(), Math::max);
                }
                pending.result.complete(offsets.clone());
            }
            ends.forEach((tp, next) -> listeners.forEach(l -> l.committed(tp.topicId(), tp.partition(), next)));
        });
    }

    private void fail(List<Pending> cut, ApiException error) {
        for (Pending p : cut) {
            for (Append a : p.appends) {
                if (a.producer() != null) {
                    sequencer.failed(a.producer(), error);
                }
            }
            p.result.completeExceptionally(error);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops taking requests, writes what is queued, and waits for in-flight commits. */
    @PreDestroy
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        try {
            flusher.join(TimeUnit.SECONDS.toMillis(30));
            CompletableFuture<?>[] pending;
            synchronized (lock) {
                pending = inFlightCommits.toArray(CompletableFuture[]::new);
            }
            CompletableFuture.allOf(pending).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Produce pipeline did not drain cleanly: {}", e.toString());
        }
        uploadExecutor.shutdown();
        commitExecutor.shutdown();
    }
}
