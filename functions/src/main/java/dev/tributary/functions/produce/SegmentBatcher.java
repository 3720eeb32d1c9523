package dev.tributary.functions.produce;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.BatchSummary;
import dev.tributary.core.format.ChunkInfo;
import dev.tributary.core.format.Segment;
import dev.tributary.core.format.SegmentWriter;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.storage.ChunkAppend;
import dev.tributary.storage.LogCommitter;
import dev.tributary.storage.ProducerRun;
import dev.tributary.storage.SegmentKeys;
import dev.tributary.storage.SegmentStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * Coalesces concurrent produce requests into segments: one S3 PUT and one DynamoDB
 * transaction serve every request that arrived within the linger time (or until the
 * segment is full).
 *
 * <p>Pipeline: a single flusher thread cuts segments in arrival order; up to
 * {@code maxConcurrentUploads} segments are in flight (uploading or waiting to commit) at
 * once, and no segment is cut while all slots are busy, so under load requests pile into
 * the next segment instead of making many small ones; commits run one at a time on a single
 * thread, in cut order, each after its own PUT. So records of one request keep their order,
 * requests acknowledged in sequence keep theirs, and a request is acknowledged only after
 * its segment is in S3 and committed. A failed PUT or commit fails exactly the requests in
 * that segment (nothing of theirs is visible; an uploaded but uncommitted object is an
 * orphan that garbage collection finds by its missing reference item).
 *
 * <p>A segment holds at most {@link LogCommitter#MAX_CHUNKS} partitions so it commits in one
 * transaction; a request spanning more partitions is split, and is then atomic per part.
 * Thread-safe.
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

        String tp() {
            return topicId + "#" + partition;
        }
    }

    /** Transaction items a request adds: its partitions, its producer-partitions and its producers. */
    private record Footprint(Set<String> partitions, Set<String> producerPartitions, Set<Long> producers) {
        static Footprint of(List<Append> appends) {
            Footprint f = new Footprint(new HashSet<>(), new HashSet<>(), new HashSet<>());
            for (Append a : appends) {
                f.add(a);
            }
            return f;
        }

        void add(Append a) {
            partitions.add(a.tp());
            if (a.producer() != null) {
                producerPartitions.add(a.summary().producerId() + "|" + a.tp());
                producers.add(a.summary().producerId());
            }
        }

        void addAll(Footprint other) {
            partitions.addAll(other.partitions);
            producerPartitions.addAll(other.producerPartitions);
            producers.addAll(other.producers);
        }

        Footprint copy() {
            return new Footprint(new HashSet<>(partitions), new HashSet<>(producerPartitions), new HashSet<>(producers));
        }

        boolean fitsOneCommit() {
            return partitions.size() <= LogCommitter.MAX_CHUNKS && LogCommitter.itemCount(partitions.size(),
                    producerPartitions.size(), producers.size()) <= LogCommitter.MAX_ITEMS;
        }
    }

    private record Pending(List<Append> appends, CompletableFuture<long[]> result, long bytes, Footprint footprint) {
    }

    private final SegmentStore segments;
    private final LogCommitter committer;
    private final ProducerSequencer sequencer;
    private final List<CommitListener> listeners;
    private final ProduceStats stats;
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
    private CompletableFuture<Void> commitTail = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    public SegmentBatcher(SegmentStore segments, LogCommitter committer, ProducerSequencer sequencer,
                          List<CommitListener> listeners, ProduceStats stats, TributaryConfig config) {
        TributaryConfig.ProduceConfig c = config.getProduce();
        this.segments = segments;
        this.committer = committer;
        this.sequencer = sequencer;
        this.listeners = listeners;
        this.stats = stats;
        this.lingerNanos = c.getLinger().toNanos();
        this.maxSegmentBytes = c.getMaxSegmentBytes();
        this.maxPendingBytes = c.getMaxPendingBytes();
        this.inFlightSegments = new Semaphore(c.getMaxConcurrentUploads());
        this.uploadExecutor = Executors.newFixedThreadPool(c.getMaxConcurrentUploads(), daemon("segment-upload"));
        this.commitExecutor = Executors.newSingleThreadExecutor(daemon("segment-commit"));
        this.flusher = daemon("segment-flusher").newThread(this::flushLoop);
        this.flusher.start();
    }

    /**
     * Queues batches for the next segment. The future completes with each append's base
     * offset, in order, once committed; it fails with an {@link ApiException}
     * ({@code STORAGE_UNAVAILABLE}, retriable) if the segment could not be written or committed.
     *
     * @throws ApiException {@code THROTTLED} when too many bytes are already waiting
     */
    public CompletableFuture<long[]> submit(List<Append> appends) {
        if (appends.isEmpty()) {
            return CompletableFuture.completedFuture(new long[0]);
        }
        List<List<Append>> parts = splitByPartitionCount(appends);
        if (parts.size() == 1) {
            return enqueue(appends);
        }
        List<CompletableFuture<long[]>> futures = new ArrayList<>();
        for (List<Append> part : parts) {
            futures.add(enqueue(part));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            long[] all = new long[appends.size()];
            int i = 0;
            for (CompletableFuture<long[]> f : futures) {
                for (long offset : f.join()) {
                    all[i++] = offset;
                }
            }
            return all;
        });
    }

    private CompletableFuture<long[]> enqueue(List<Append> appends) {
        long bytes = 0;
        for (Append a : appends) {
            bytes += a.batch().remaining();
        }
        Pending pending = new Pending(appends, new CompletableFuture<>(), bytes, Footprint.of(appends));
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
                firstQueuedAtNanos = System.nanoTime();
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
                long waitNanos = firstQueuedAtNanos + lingerNanos - System.nanoTime();
                if (waitNanos <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
            }
            List<Pending> cut = new ArrayList<>();
            Footprint footprint = Footprint.of(List.of());
            long bytes = 0;
            while (!queue.isEmpty()) {
                Pending next = queue.peek();
                Footprint union = footprint.copy();
                union.addAll(next.footprint);
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
            firstQueuedAtNanos = System.nanoTime();
            return cut;
        }
    }

    /** Whether everything queued would still commit in one transaction (else cut now). */
    private boolean queueFitsOneCommit() {
        Footprint all = Footprint.of(List.of());
        for (Pending p : queue) {
            all.addAll(p.footprint);
            if (!all.fitsOneCommit()) {
                return false;
            }
        }
        return true;
    }

    private void write(List<Pending> cut) {
        SegmentWriter writer = new SegmentWriter();
        // For every append: its chunk and how many records of that chunk precede it.
        Map<String, Integer> recordsSoFar = new HashMap<>();
        Map<String, List<ProducerRun>> runs = new HashMap<>();
        List<long[]> placements = new ArrayList<>();
        long payloadBytes = 0;
        for (Pending p : cut) {
            long[] perAppend = new long[p.appends.size()];
            for (int i = 0; i < p.appends.size(); i++) {
                Append a = p.appends.get(i);
                String tp = a.tp();
                int before = recordsSoFar.getOrDefault(tp, 0);
                perAppend[i] = before;
                recordsSoFar.put(tp, before + a.summary().recordCount());
                if (a.producer() != null) {
                    BatchSummary s = a.summary();
                    runs.computeIfAbsent(tp, k -> new ArrayList<>()).add(new ProducerRun(s.producerId(), s.producerEpoch(),
                            s.baseSequence(), s.baseSequence() + s.recordCount() - 1, before));
                }
                writer.append(a.topicId(), a.partition(), a.batch(), a.summary());
                payloadBytes += a.batch().remaining();
            }
            placements.add(perAppend);
        }
        Segment segment = writer.finish();
        String key = SegmentKeys.newKey();
        long cutBytes = payloadBytes;
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> segments.put(key, segment.bytes()), uploadExecutor);
        CompletableFuture<Void> previous;
        CompletableFuture<List<Long>> committed;
        synchronized (lock) {
            previous = commitTail;
            committed = put.thenCombineAsync(previous, (a, b) -> commit(key, segment, runs), commitExecutor);
            commitTail = committed.handle((r, e) -> null);
        }
        committed.whenComplete((bases, error) -> {
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
            Map<String, Long> baseByChunk = new HashMap<>();
            List<ChunkInfo> chunks = segment.chunks();
            for (int i = 0; i < chunks.size(); i++) {
                ChunkInfo c = chunks.get(i);
                baseByChunk.put(c.topicId() + "#" + c.partition(), bases.get(i));
                long next = bases.get(i) + c.recordCount();
                for (CommitListener l : listeners) {
                    l.committed(c.topicId(), c.partition(), next);
                }
            }
            for (int p = 0; p < cut.size(); p++) {
                Pending pending = cut.get(p);
                long[] offsets = placements.get(p);
                for (int i = 0; i < offsets.length; i++) {
                    Append a = pending.appends.get(i);
                    offsets[i] += baseByChunk.get(a.tp());
                    if (a.producer() != null) {
                        sequencer.committed(a.producer(), offsets[i]);
                    }
                }
                pending.result.complete(offsets);
            }
        });
    }

    private List<Long> commit(String key, Segment segment, Map<String, List<ProducerRun>> runs) {
        List<ChunkAppend> chunks = new ArrayList<>(segment.chunks().size());
        for (ChunkInfo c : segment.chunks()) {
            chunks.add(new ChunkAppend(c.topicId(), c.partition(), c.position(), c.length(), c.recordCount(),
                    c.firstTimestampMs(), c.maxTimestampMs(), runs.getOrDefault(c.topicId() + "#" + c.partition(), List.of())));
        }
        return committer.commit(key, segment.bytes().length, chunks);
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

    /** Splits a request whose batches would not commit in one transaction into parts that do. */
    private static List<List<Append>> splitByPartitionCount(List<Append> appends) {
        List<List<Append>> parts = new ArrayList<>();
        List<Append> current = new ArrayList<>();
        Footprint footprint = Footprint.of(List.of());
        for (Append a : appends) {
            Footprint with = footprint.copy();
            with.add(a);
            if (!current.isEmpty() && !with.fitsOneCommit()) {
                parts.add(current);
                current = new ArrayList<>();
                with = Footprint.of(List.of(a));
            }
            current.add(a);
            footprint = with;
        }
        parts.add(current);
        return parts;
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
            CompletableFuture<Void> tail;
            synchronized (lock) {
                tail = commitTail;
            }
            tail.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Produce pipeline did not drain cleanly: {}", e.toString());
        }
        uploadExecutor.shutdown();
        commitExecutor.shutdown();
    }
}
