package dev.tributary.storage.log;

import dev.tributary.core.format.CorruptSegmentException;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.Lease;
import dev.tributary.storage.SegmentKeys;
import dev.tributary.storage.SegmentStore;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a partition's small entries (the extents of multi-partition produce segments) into
 * per-partition objects: fewer, larger ranged GETs and fewer log records to read for old data.
 * Offsets and record bytes never change; batches are copied verbatim.
 *
 * <p>{@link #plan} reads only. {@link #merge} runs under the shard's lease: it reads the
 * sources, writes the new object, gives it a reference with no live extents (so that if the
 * swap never happens, the object is garbage like any other whose count is zero), then appends
 * an override record that points the merged offsets at the new object, in one transaction with
 * the lease check and the live-extent counts of the new object and of the replaced ones
 * ({@link ShardLog#appendOverride}). Old objects are never deleted here: garbage collection
 * deletes an object whose count is zero once its last release is older than the grace period.
 *
 * <p>What is merged: a run of consecutive entries of one partition, above the log start and
 * added at least {@code minAge} ago, each smaller than half {@code extentBytes}, at least
 * {@code minEntries} of them and at most {@code targetBytes} in all. The new object holds
 * extents of at most {@code extentBytes} each (batches are never split). Entries already large
 * end a run, so merged data is not rewritten again except for a run's last, short extent.
 *
 * <p>Thread-safe (stateless apart from the stores).
 */
public final class SegmentRewriter {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRewriter.class);
    /** Objects one override may release: a transaction holds at most 100 items. */
    static final int MAX_SOURCE_OBJECTS = 90;
    private static final int INDEX_PAGE = 200;
    private static final int MAX_ATTEMPTS = 16;

    private final ShardLog log;
    private final LogReader reader;
    private final SegmentStore objects;
    private final Clock clock;
    private final Settings settings;

    /**
     * @param targetBytes largest merged object
     * @param extentBytes largest extent in a merged object (what one fetch reads in one GET)
     * @param minAge      entries added more recently than this are left alone
     * @param minEntries  fewest entries worth merging
     */
    public record Settings(long targetBytes, int extentBytes, Duration minAge, int minEntries) {
        public Settings {
            if (targetBytes < extentBytes || extentBytes < 2 || minEntries < 2 || minAge.isNegative()) {
                throw new IllegalArgumentException("invalid merge settings: " + targetBytes + ", " + extentBytes + ", "
                        + minAge + ", " + minEntries);
            }
        }
    }

    /** A run of consecutive entries of one partition to merge, planned against the shard's overrides up to {@code overrideSeq}. */
    public record Plan(ShardId shard, int partition, List<BatchEntry> sources, long overrideSeq) {
        public long fromOffset() {
            return sources.get(0).baseOffset();
        }

        public long toOffset() {
            return sources.get(sources.size() - 1).nextOffset();
        }

        public long bytes() {
            return sources.stream().mapToLong(BatchEntry::length).sum();
        }
    }

    /** What one merge did. */
    private enum Result {
        MERGED,
        /** the lease moved: stop working on this shard */
        FENCED,
        /** the shard changed under the plan (start moved, counts changed): plan again next run */
        STALE,
        /** a source could not be decoded: left as it is */
        CORRUPT
    }

    public SegmentRewriter(ShardLog log, LogReader reader, SegmentStore objects, Clock clock, Settings settings) {
        this.log = log;
        this.reader = reader;
        this.objects = objects;
        this.clock = clock;
        this.settings = settings;
    }

    /** Runs worth merging in partitions {@code [first, end)} of {@code shard}, oldest first, up to {@code maxBytes}. */
    public List<Plan> plan(ShardId shard, int first, int end, long maxBytes) {
        List<Plan> plans = new ArrayList<>();
        Optional<CommitRecord> latest = reader.latest(shard);
        if (latest.isEmpty()) {
            return plans;
        }
        Optional<CommitRecord> settled = lastAddedBefore(shard, latest.get(), clock.millis() - settings.minAge().toMillis());
        if (settled.isEmpty()) {
            return plans;
        }
        long overrideSeq = latest.get().newestOverrideSeq();
        long budget = maxBytes;
        for (int p = first; p < end && budget > 0; p++) {
            long from = latest.get().startOffset(p);
            long until = settled.get().nextOffset(p);
            for (List<BatchEntry> run : runs(shard.topicId(), p, from, until)) {
                if (budget <= 0) {
                    break;
                }
                Plan plan = new Plan(shard, p, run, overrideSeq);
                plans.add(plan);
                budget -= plan.bytes();
            }
        }
        return plans;
    }

    /**
     * Ranges to compact in partitions {@code [first, end)} of {@code shard}: per partition, the
     * entries from the log start up to the last record committed at least {@code minLagMs} ago,
     * never the partition's newest entry (the active part), at most {@code maxBytes} and 90
     * source objects; only when they are not already one contiguous stretch of one object and
     * number at least {@code minEntries}.
     */
    public List<Plan> planCompaction(ShardId shard, int first, int end, long minLagMs, long maxBytes) {
        List<Plan> plans = new ArrayList<>();
        Optional<CommitRecord> latest = reader.latest(shard);
        if (latest.isEmpty()) {
            return plans;
        }
        Optional<CommitRecord> settled = lastAddedBefore(shard, latest.get(), clock.millis() - Math.max(0, minLagMs));
        if (settled.isEmpty()) {
            return plans;
        }
        for (int p = first; p < end; p++) {
            long head = latest.get().nextOffset(p);
            long from = latest.get().startOffset(p);
            if (head <= from) {
                continue;
            }
            long active = reader.floor(shard.topicId(), p, head - 1).map(BatchEntry::baseOffset).orElse(from);
            long until = Math.min(settled.get().nextOffset(p), active);
            List<BatchEntry> run = new ArrayList<>();
            long bytes = 0;
            java.util.Set<String> sources = new java.util.HashSet<>();
            Optional<BatchEntry> e = until > from ? reader.floor(shard.topicId(), p, from) : Optional.empty();
            List<BatchEntry> page = e.map(List::of).orElse(List.of());
            outer:
            while (!page.isEmpty()) {
                for (BatchEntry x : page) {
                    if (x.nextOffset() > until || bytes + x.length() > maxBytes
                            || !sources.contains(x.segmentKey()) && sources.size() >= MAX_SOURCE_OBJECTS) {
                        break outer;
                    }
                    run.add(x);
                    sources.add(x.segmentKey());
                    bytes += x.length();
                }
                BatchEntry last = page.get(page.size() - 1);
                page = reader.after(shard.topicId(), p, last.nextOffset() - 1, INDEX_PAGE);
            }
            List<List<BatchEntry>> worth = new ArrayList<>();
            close(run, worth);
            for (List<BatchEntry> r : worth) {
                plans.add(new Plan(shard, p, r, latest.get().newestOverrideSeq()));
            }
        }
        return plans;
    }

    /** The newest record committed at or before {@code cutoffMs} (commit times grow with seq but for clock skew). */
    private Optional<CommitRecord> lastAddedBefore(ShardId shard, CommitRecord latest, long cutoffMs) {
        return LogSearch.newestWhere(log, shard, latest, r -> r.commitTimeMs() <= cutoffMs);
    }

    /** Runs of small entries holding offsets in {@code [from, until)}, each worth merging. */
    private List<List<BatchEntry>> runs(java.util.UUID topic, int partition, long from, long until) {
        List<List<BatchEntry>> runs = new ArrayList<>();
        if (from >= until) {
            return runs;
        }
        List<BatchEntry> run = new ArrayList<>();
        long runBytes = 0;
        int runObjects = 0;
        Optional<BatchEntry> first = reader.floor(topic, partition, from);
        List<BatchEntry> page = first.map(List::of).orElse(List.of());
        while (!page.isEmpty()) {
            for (BatchEntry e : page) {
                if (e.nextOffset() > until) {
                    close(run, runs);
                    return runs;
                }
                boolean small = e.length() < settings.extentBytes() / 2 && e.baseOffset() >= from;
                boolean newObject = run.isEmpty() || !run.get(run.size() - 1).segmentKey().equals(e.segmentKey());
                if (!small || runBytes + e.length() > settings.targetBytes()
                        || newObject && runObjects >= MAX_SOURCE_OBJECTS) {
                    close(run, runs);
                    run = new ArrayList<>();
                    runBytes = 0;
                    runObjects = 0;
                    newObject = true;
                }
                if (small) {
                    run.add(e);
                    runBytes += e.length();
                    runObjects += newObject ? 1 : 0;
                }
            }
            BatchEntry last = page.get(page.size() - 1);
            page = last.nextOffset() >= until ? List.of() : reader.after(topic, partition, last.nextOffset() - 1, INDEX_PAGE);
        }
        close(run, runs);
        return runs;
    }

    /** Keeps {@code run} if it is worth merging: enough entries, not already one contiguous stretch of one object. */
    private void close(List<BatchEntry> run, List<List<BatchEntry>> runs) {
        if (run.size() < settings.minEntries()) {
            return;
        }
        boolean contiguous = true;
        for (int i = 1; i < run.size() && contiguous; i++) {
            BatchEntry a = run.get(i - 1);
            BatchEntry b = run.get(i);
            contiguous = a.segmentKey().equals(b.segmentKey()) && a.position() + a.length() == b.position();
        }
        if (!contiguous) {
            runs.add(List.copyOf(run));
        }
    }

    /**
     * What {@link #mergeAll} did.
     *
     * @param merges           override records written
     * @param entriesReplaced  entries they replaced (live extents released)
     * @param bytesWritten     bytes of the new objects that were swapped in
     * @param stale            plans dropped because the shard changed under them
     * @param fenced           whether the lease moved (the rest of the plans were not tried)
     */
    public record Summary(int merges, int entriesReplaced, long bytesWritten, int stale, boolean fenced) {
    }

    /**
     * Carries out {@code plans} (from one {@link #plan} call) under {@code lease}, stopping when
     * the lease moves.
     *
     * @throws dev.tributary.core.error.ApiException when storage fails; an object written before
     *         the failure is left with no live extents (or no reference), for garbage collection
     */
    public Summary mergeAll(List<Plan> plans, Lease lease) {
        return rewriteAll(plans, lease, this::copy);
    }

    /**
     * Compacts {@code plans} (from one {@link #planCompaction} call) under {@code lease}, as
     * {@link Compactor} says, stopping when the lease moves.
     *
     * @param deleteRetentionMs how long a tombstone stays ({@code -1}: forever)
     */
    public Summary compactAll(List<Plan> plans, Lease lease, long deleteRetentionMs) {
        return rewriteAll(plans, lease, plan -> {
            CommitRecord head = log.latest(plan.shard()).orElseThrow();
            return Compactor.compact(plan.partition(), plan.sources(), read(plan.sources()),
                    head.startOffset(plan.partition()), clock.millis(), deleteRetentionMs, settings.extentBytes());
        });
    }

    private Summary rewriteAll(List<Plan> plans, Lease lease, java.util.function.Function<Plan, Compactor.Rewrite> rewrite) {
        int merges = 0;
        int replaced = 0;
        long bytes = 0;
        int stale = 0;
        long expected = plans.isEmpty() ? 0 : plans.get(0).overrideSeq();
        for (Plan plan : plans) {
            Outcome o = swap(plan, expected, lease, rewrite);
            switch (o.result) {
                case MERGED -> {
                    merges++;
                    replaced += plan.sources().size();
                    bytes += plan.bytes();
                    expected = o.overrideSeq;
                }
                case FENCED -> {
                    return new Summary(merges, replaced, bytes, stale, true);
                }
                default -> stale++;
            }
        }
        return new Summary(merges, replaced, bytes, stale, false);
    }

    private record Outcome(Result result, long overrideSeq) {
    }

    /** Carries out one plan, expecting the shard's newest override to be {@code expectedOverrideSeq}. */
    private Outcome swap(Plan plan, long expectedOverrideSeq, Lease lease,
                         java.util.function.Function<Plan, Compactor.Rewrite> rewrite) {
        Compactor.Rewrite merged;
        try {
            merged = rewrite.apply(plan);
        } catch (CorruptSegmentException e) {
            LOG.warn("Not rewriting offsets [{}, {}) of {} partition {}: {}", plan.fromOffset(), plan.toOffset(), plan.shard(),
                    plan.partition(), e.getMessage());
            return new Outcome(Result.CORRUPT, expectedOverrideSeq);
        }
        String key = SegmentKeys.newKey();
        objects.put(key, merged.bytes());
        log.putUnusedReference(new ShardLog.SegmentReference(key, merged.bytes().length, clock.millis()), plan.shard());
        Map<String, Integer> released = new LinkedHashMap<>();
        plan.sources().forEach(e -> released.merge(e.segmentKey(), 1, Integer::sum));
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            CommitRecord head = log.latest(plan.shard()).orElseThrow();
            if (head.newestOverrideSeq() != expectedOverrideSeq || head.startOffset(plan.partition()) > plan.fromOffset()) {
                return new Outcome(Result.STALE, expectedOverrideSeq);
            }
            CommitRecord record = new CommitRecord(plan.shard(), head.seq() + 1, key, clock.millis(), head.maxTimestampMs(),
                    head.nextOffsets(), head.startOffsets(), merged.extents(), List.of(), head.snapshot(),
                    List.of(new OverrideRange(plan.partition(), plan.fromOffset(), plan.toOffset())), head.newestOverrideSeq(),
                    head.bytes());
            switch (log.appendOverride(record, lease, new ShardLog.ExtentsMoved(key, merged.extents().size(), released,
                    clock.millis()))) {
                case APPENDED -> {
                    reader.remember(record);
                    return new Outcome(Result.MERGED, record.seq());
                }
                case FENCED -> {
                    return new Outcome(Result.FENCED, expectedOverrideSeq);
                }
                case REFERENCES_CHANGED -> {
                    return new Outcome(Result.STALE, expectedOverrideSeq);
                }
                case SEQ_TAKEN -> {
                    // a produce commit or start move came first: number the same override after it
                }
            }
        }
        return new Outcome(Result.STALE, expectedOverrideSeq);
    }

    /** The sources' bytes, one after another, checked to hold the records their entries say, cut into extents. */
    private Compactor.Rewrite copy(Plan plan) {
        List<byte[]> parts = read(plan.sources());
        ExtentWriter out = new ExtentWriter(plan.partition(), settings.extentBytes());
        for (int i = 0; i < parts.size(); i++) {
            BatchEntry e = plan.sources().get(i);
            RecordBatches.countBatches(ByteBuffer.wrap(parts.get(i)), e.recordCount());
            out.add(parts.get(i), e.recordCount(), e.firstTimestampMs(), e.maxTimestampMs());
        }
        return out.finish();
    }

    /** Each source's bytes, with one ranged GET per stretch of adjacent sources in one object. */
    private List<byte[]> read(List<BatchEntry> sources) {
        List<byte[]> parts = new ArrayList<>(sources.size());
        int i = 0;
        while (i < sources.size()) {
            int j = i + 1;
            long end = sources.get(i).position() + sources.get(i).length();
            while (j < sources.size() && sources.get(j).segmentKey().equals(sources.get(i).segmentKey())
                    && sources.get(j).position() == end && end - sources.get(i).position() + sources.get(j).length() <= Integer.MAX_VALUE) {
                end += sources.get(j).length();
                j++;
            }
            byte[] bytes = objects.read(sources.get(i).segmentKey(), sources.get(i).position(),
                    (int) (end - sources.get(i).position()));
            int at = 0;
            for (int k = i; k < j; k++) {
                parts.add(java.util.Arrays.copyOfRange(bytes, at, at + sources.get(k).length()));
                at += sources.get(k).length();
            }
            i = j;
        }
        return parts;
    }
}
