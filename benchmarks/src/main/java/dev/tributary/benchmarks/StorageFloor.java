package dev.tributary.benchmarks;

import dev.tributary.benchmarks.cost.RequestCounts;
import dev.tributary.benchmarks.driver.BenchmarkDriver.StorageUnderTest;
import dev.tributary.storage.SegmentKeys;
import dev.tributary.storage.SegmentStore;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.Extent;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor under Tributary's produce path: what the storage does by itself, measured with
 * the server's own storage-layer objects and AWS clients, and with as many requests in flight
 * as the produce path allows itself ({@code max-concurrent-uploads}).
 *
 * <ul>
 *   <li><b>PUT</b>, per object size: {@link SegmentStore#put} of fresh segment keys
 *   ({@code If-None-Match: *}, as the produce path writes), back to back from each of
 *   {@code concurrency} threads. The objects are deleted after each size.</li>
 *   <li><b>commit</b>: {@link ShardLog#commit} of one log record covering {@code partitions}
 *   partitions (heads + one extent each, conditioned on its sequence number being free) plus
 *   the segment's reference item, in one {@code TransactWriteItems}, as the committer writes
 *   it; each thread appends to its own shard, like commits of disjoint shards.</li>
 * </ul>
 *
 * Each phase runs {@code warmup} unrecorded, then {@code duration} recorded. Not thread-safe:
 * one measurement at a time.
 */
final class StorageFloor {
    static final String PUT_VARIANT_PREFIX = "put=";
    static final String COMMIT_VARIANT = "commit";
    private static final long RECORDS_PER_EXTENT = 100;
    private static final int EXTENT_BYTES = 100 * 1024;

    private final Progress progress;

    StorageFloor(Progress progress) {
        this.progress = progress;
    }

    List<Result> measure(Workload w, String system, StorageUnderTest target, String label) throws InterruptedException {
        int concurrency = w.concurrency() > 0 ? w.concurrency() : target.uploadConcurrency();
        List<Result> results = new ArrayList<>();
        for (int size : w.objectSizes()) {
            results.add(puts(w, system, target.storage().segments(), size, concurrency, label));
        }
        results.add(commits(w, system, target.storage().shardLog(), concurrency, label));
        return results;
    }

    /** {@code 65536} → {@code 64KiB}, {@code 8388608} → {@code 8MiB}. */
    static String sizeLabel(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "KiB" : bytes + "B";
    }

    private Result puts(Workload w, String system, SegmentStore segments, int size, int concurrency, String label)
            throws InterruptedException {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        Phase phase = run(w, concurrency, label + " PUT " + sizeLabel(size), () -> {
            String key = SegmentKeys.newKey();
            segments.put(key, payload);
            written.add(key);
        });
        progress.set(label + " deleting " + written.size() + " objects");
        ExecutorService deleters = Executors.newFixedThreadPool(concurrency);
        try {
            for (String key : written) {
                deleters.execute(() -> segments.delete(key));
            }
        } finally {
            deleters.shutdown();
            deleters.awaitTermination(5, TimeUnit.MINUTES);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("concurrency", (double) concurrency);
        m.put("PUTs/s", phase.operations / phase.seconds);
        m.put("PUT MB/s", phase.operations * (double) size / phase.seconds / 1e6);
        WorkloadRunner.putLatency(m, "PUT latency", phase.latency);
        m.put("errors", (double) phase.errors);
        return new Result(w.name(), PUT_VARIANT_PREFIX + sizeLabel(size), system, m, "", null, 0);
    }

    private Result commits(Workload w, String system, ShardLog log, int concurrency, String label)
            throws InterruptedException {
        UUID topicId = UUID.randomUUID();
        List<ShardState> shards = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            shards.add(new ShardState(new ShardId(topicId, i), Math.min(w.partitions(), ShardId.PARTITIONS_PER_SHARD)));
        }
        ThreadLocal<ShardState> mine = new ThreadLocal<>();
        AtomicInteger next = new AtomicInteger();
        RequestCounts[] before = new RequestCounts[1];
        Phase phase = run(w, concurrency, label + " commit", () -> {
            ShardState shard = mine.get();
            if (shard == null) {
                shard = shards.get(next.getAndIncrement());
                mine.set(shard);
            }
            shard.commitNext(log);
        }, () -> before[0] = RequestCounts.now());
        RequestCounts requests = RequestCounts.now().minus(before[0]);
        long transactions = requests.calls().getOrDefault("DynamoDB TransactWriteItems", 0L);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("concurrency", (double) concurrency);
        m.put("commits/s", phase.operations / phase.seconds);
        WorkloadRunner.putLatency(m, "commit latency", phase.latency);
        if (transactions > 0 && requests.unitsReported()) {
            // Recorded and unrecorded operations overlap at the phase edges; the ratio is what matters.
            m.put("DynamoDB WRU per commit", requests.writeUnits() / transactions);
        }
        m.put("errors", (double) phase.errors);
        return new Result(w.name(), COMMIT_VARIANT, system, m, "", null, 0);
    }

    /** One shard's log as one committer thread writes it: record {@code seq + 1} after record {@code seq}. */
    private static final class ShardState {
        final ShardId shard;
        final long[] nextOffsets;
        long seq;

        ShardState(ShardId shard, int partitions) {
            this.shard = shard;
            this.nextOffsets = new long[partitions];
        }

        void commitNext(ShardLog log) {
            String segmentKey = SegmentKeys.newKey();
            long now = System.currentTimeMillis();
            List<Extent> extents = new ArrayList<>(nextOffsets.length);
            long[] after = nextOffsets.clone();
            for (int slot = 0; slot < nextOffsets.length; slot++) {
                extents.add(new Extent(shard.firstPartition() + slot, (long) slot * EXTENT_BYTES, EXTENT_BYTES,
                        (int) RECORDS_PER_EXTENT, now, now));
                after[slot] += RECORDS_PER_EXTENT;
            }
            CommitRecord record = new CommitRecord(shard, seq + 1, segmentKey, now, now, after, new long[0], extents,
                    List.of(), null);
            ShardLog.Outcome outcome = log.commit(List.of(record),
                    new ShardLog.SegmentReference(segmentKey, (long) EXTENT_BYTES * nextOffsets.length, now), Map.of());
            if (!outcome.committed()) {
                throw new IllegalStateException("commit of " + record + " lost: " + outcome);
            }
            seq++;
            System.arraycopy(after, 0, nextOffsets, 0, after.length);
        }
    }

    private record Phase(long operations, double seconds, Histogram latency, long errors) {
    }

    private Phase run(Workload w, int threads, String label, Operation operation) throws InterruptedException {
        return run(w, threads, label, operation, () -> { });
    }

    /** Runs {@code operation} back to back on {@code threads} threads: warm-up, then the recorded phase. */
    private Phase run(Workload w, int threads, String label, Operation operation, Runnable atRecordStart)
            throws InterruptedException {
        Recorder latency = new Recorder(3);
        LongAdder operations = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean recording = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    boolean recorded = recording.get();
                    long start = System.nanoTime();
                    try {
                        operation.run();
                    } catch (RuntimeException e) {
                        errors.increment();
                        continue;
                    }
                    if (recording.get()) {
                        // Throughput counts what completes in the window; latency what ran wholly inside it.
                        operations.increment();
                        if (recorded) {
                            latency.recordValue(Math.max(0, (System.nanoTime() - start) / 1000));
                        }
                    }
                }
            }));
        }
        try {
            WorkloadRunner.sleepWithStatus(progress, w.warmup(), () -> label + "  warm-up");
            atRecordStart.run();
            latency.reset();
            long start = System.nanoTime();
            recording.set(true);
            WorkloadRunner.sleepWithStatus(progress, w.duration(), () -> String.format("%s  %,d done", label,
                    operations.sum()));
            recording.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram h = latency.getIntervalHistogram();
            return new Phase(operations.sum(), seconds, h, errors.sum());
        } finally {
            stop.set(true);
            pool.shutdown();
            if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        }
    }

    @FunctionalInterface
    private interface Operation {
        void run();
    }
}
