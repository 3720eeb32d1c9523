package dev.tributary.storage.log;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.BatchIndex;
import dev.tributary.storage.PartitionHead;
import dev.tributary.storage.PartitionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The read side of the shard logs: partition heads and "which bytes hold offset N".
 *
 * <p>Heads come from the newest record of the shard, read strongly consistently on every
 * call. Offsets are located by searching the records: each record holds every partition's
 * next offset after it, so the record that holds offset N of partition p is the first one
 * whose {@code nextOffset(p)} exceeds N. The search gallops back from the newest record (a
 * tailing reader finds its record in a step or two) and then bisects. Records never change,
 * so every record read is kept in a per-instance cache bounded by weight and shared by all
 * readers.
 *
 * <p>Override records (written by merging) take precedence: an offset is resolved through the
 * newest override that holds it, as of the record the lookup started from (its "view", see
 * {@link OverrideIndex}), and otherwise through the record that added it. Views only move
 * forward, and merging replaces whole entries, so a reader finds every offset exactly once
 * before, during and after a merge; {@link #after} may return, first, a merged entry that
 * starts below the offset asked for, which callers skip.
 *
 * <p>Thread-safe.
 */
public final class LogReader implements PartitionStore, BatchIndex {
    private static final int SCAN_PAGE = 64;

    private final ShardLog log;
    private final Cache<Key, CommitRecord> records;
    /** The newest record this instance has seen per shard: a lower bound of the shard's head. */
    private final java.util.Map<ShardId, CommitRecord> newest = new java.util.concurrent.ConcurrentHashMap<>();
    private final OverrideIndex overrides = new OverrideIndex();

    /** Per shard, the highest sequence number found trimmed (the trimmed records are a prefix). */
    private final java.util.Map<ShardId, Long> trimmedUpTo = new java.util.concurrent.ConcurrentHashMap<>();

    private record Key(ShardId shard, long seq) {
    }

    /** @param cacheBytes approximate bound of the record cache */
    public LogReader(ShardLog log, long cacheBytes) {
        this.log = log;
        this.records = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .weigher((Key k, CommitRecord r) -> 128 + 40 * r.extents().size() + 8 * r.slots() + 24 * r.runs().size())
                .build();
    }

    /** The newest record of the shard (strongly consistent), also remembered in the cache. */
    public Optional<CommitRecord> latest(ShardId shard) {
        Optional<CommitRecord> latest = log.latest(shard);
        latest.ifPresent(this::remember);
        return latest;
    }

    /** Tells the reader about a record this process committed, so it need not read it back. */
    public void remember(CommitRecord record) {
        records.put(new Key(record.shard(), record.seq()), record);
        newest.merge(record.shard(), record, (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    @Override
    public PartitionHead head(UUID topicId, int partition) {
        return head(latest(ShardId.of(topicId, partition)), topicId, partition);
    }

    @Override
    public List<PartitionHead> heads(UUID topicId, int partitionCount) {
        List<PartitionHead> heads = new ArrayList<>(partitionCount);
        for (int shard = 0; shard < ShardId.shardCount(partitionCount); shard++) {
            Optional<CommitRecord> latest = latest(new ShardId(topicId, shard));
            int from = shard * ShardId.PARTITIONS_PER_SHARD;
            int to = Math.min(partitionCount, from + ShardId.PARTITIONS_PER_SHARD);
            for (int p = from; p < to; p++) {
                heads.add(head(latest, topicId, p));
            }
        }
        return heads;
    }

    private static PartitionHead head(Optional<CommitRecord> latest, UUID topicId, int partition) {
        if (latest.isEmpty()) {
            return PartitionHead.empty(topicId, partition);
        }
        CommitRecord r = latest.get();
        long next = r.nextOffset(partition);
        long bytes = r.bytes() == null ? -1 : r.bytes().size(r.shard().slot(partition));
        return new PartitionHead(topicId, partition, r.startOffset(partition), next, bytes, r.commitTimeMs(),
                next > 0 ? r.seq() : 0);
    }

    @Override
    public Optional<BatchEntry> floor(UUID topicId, int partition, long offset) {
        PartitionId p = new PartitionId(topicId, partition);
        Optional<CommitRecord> view = view(p, offset);
        if (view.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(new Walk(p, view.get()).entryHolding(offset));
    }

    @Override
    public List<BatchEntry> after(UUID topicId, int partition, long lastOffset, int limit) {
        PartitionId p = new PartitionId(topicId, partition);
        List<BatchEntry> out = new ArrayList<>();
        Optional<CommitRecord> view = view(p, lastOffset + 1);
        if (view.isEmpty()) {
            return out;
        }
        Walk walk = new Walk(p, view.get());
        long at = lastOffset + 1;
        while (out.size() < limit) {
            BatchEntry e = walk.entryHolding(at);
            if (e == null) {
                break;
            }
            out.add(e);
            at = e.nextOffset();
        }
        return out;
    }

    /**
     * Resolves offsets of one partition entry by entry, in ascending order, as of one view:
     * through that view's overrides first, else through the original records, read forward from
     * the last one used (a jump past an override's range locates again).
     */
    private final class Walk {
        private final PartitionId p;
        private final CommitRecord view;
        private final List<CommitRecord> overriding;
        private final java.util.ArrayDeque<BatchEntry> originals = new java.util.ArrayDeque<>();
        private long scannedSeq = -1;

        Walk(PartitionId p, CommitRecord view) {
            this.p = p;
            this.view = view;
            this.overriding = overrides.forPartition(view, p.partition(), seq -> recordIfKept(view.shard(), seq).orElse(null));
        }

        /** The entry holding {@code offset}, or null when the partition has not reached it. */
        BatchEntry entryHolding(long offset) {
            if (offset >= view.nextOffset(p.partition())) {
                return null;
            }
            CommitRecord over = OverrideIndex.holding(overriding, p.partition(), offset);
            if (over != null) {
                for (BatchEntry e : over.entries(p.partition())) {
                    if (e.baseOffset() <= offset && offset < e.nextOffset()) {
                        // Past the override's range, locate again rather than read through the
                        // records it replaced.
                        originals.clear();
                        scannedSeq = -1;
                        return e;
                    }
                }
            }
            while (!originals.isEmpty() && originals.peekFirst().nextOffset() <= offset) {
                originals.pollFirst();
            }
            if (originals.isEmpty() && scannedSeq > 0) {
                scanForward(p, scannedSeq, r -> {
                    scannedSeq = r.seq();
                    if (!r.isOverride()) {
                        r.entries(p.partition()).stream().filter(e -> e.nextOffset() > offset).forEach(originals::addLast);
                    }
                    return !originals.isEmpty();
                });
            }
            if (originals.isEmpty() || originals.peekFirst().baseOffset() > offset) {
                originals.clear();
                Optional<CommitRecord> r = locate(p, offset);
                if (r.isEmpty()) {
                    return null;
                }
                scannedSeq = r.get().seq();
                r.get().entries(p.partition()).stream().filter(e -> e.nextOffset() > offset).forEach(originals::addLast);
            }
            return originals.isEmpty() ? null : originals.peekFirst();
        }
    }

    @Override
    public Optional<BatchEntry> firstWithMaxTimestampAtLeast(UUID topicId, int partition, long fromOffset, long timestampMs) {
        PartitionId p = new PartitionId(topicId, partition);
        ShardId shard = p.shard();
        Optional<CommitRecord> latest = latest(shard);
        if (latest.isEmpty() || latest.get().maxTimestampMs() < timestampMs) {
            return Optional.empty();
        }
        // The shard's max timestamp so far is monotone in seq: no record before the first one
        // that reaches timestampMs holds a record that late.
        long lo = 1;
        long hi = latest.get().seq();
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            Optional<CommitRecord> r = recordIfKept(shard, mid);
            if (r.isPresent() && r.get().maxTimestampMs() >= timestampMs) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        BatchEntry[] found = new BatchEntry[1];
        CommitRecord first = record(shard, lo);
        java.util.function.Predicate<CommitRecord> match = r -> {
            if (r.isOverride()) {
                return false;
            }
            for (BatchEntry e : r.entries(partition)) {
                if (e.maxTimestampMs() >= timestampMs && e.nextOffset() > fromOffset) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        };
        if (!match.test(first)) {
            scanForward(p, lo, match::test);
        }
        // The original entry found may have been merged since: answer with what holds it now
        // (it contains the original's records, so its max timestamp is at least as late).
        return Optional.ofNullable(found[0]).map(e -> floor(topicId, partition, e.baseOffset()).orElse(e));
    }

    /** Feeds records after {@code seq} to {@code stop} until it returns true or the log ends. */
    private void scanForward(PartitionId p, long seq, java.util.function.Predicate<CommitRecord> stop) {
        ShardId shard = p.shard();
        long at = seq;
        while (true) {
            CommitRecord cached = records.getIfPresent(new Key(shard, at + 1));
            List<CommitRecord> page = cached != null ? List.of(cached) : log.after(shard, at, SCAN_PAGE);
            if (page.isEmpty()) {
                return;
            }
            for (CommitRecord r : page) {
                remember(r);
                if (stop.test(r)) {
                    return;
                }
                at = r.seq();
            }
        }
    }

    /**
     * The record a lookup of {@code offset} starts from: the newest one seen if it covers the
     * offset, else the shard's head; empty when the partition has not reached the offset.
     */
    private Optional<CommitRecord> view(PartitionId p, long offset) {
        // Records never change: a newer record already seen that covers the offset bounds the
        // search as well as the shard's true head does, without another strongly consistent read
        // (a fetch has just read the head; its index pages need not read it again).
        Optional<CommitRecord> latest = Optional.ofNullable(newest.get(p.shard()))
                .filter(r -> r.nextOffset(p.partition()) > offset);
        if (latest.isEmpty()) {
            latest = latest(p.shard());
        }
        return latest.filter(r -> r.nextOffset(p.partition()) > offset);
    }

    /** The original record (not an override) that added {@code offset} of {@code p}, if the partition has reached it. */
    Optional<CommitRecord> locate(PartitionId p, long offset) {
        ShardId shard = p.shard();
        Optional<CommitRecord> latest = view(p, offset);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        // Gallop back from the newest record until one ends at or before the offset.
        long hi = latest.get().seq();
        long lo = 1;
        long step = 1;
        while (hi - step >= 1) {
            long probe = hi - step;
            if (nextOffsetOrBelow(shard, probe, p.partition()) <= offset) {
                lo = probe + 1;
                break;
            }
            hi = probe;
            step <<= 1;
        }
        // Now nextOffset(lo - 1) <= offset < nextOffset(hi): bisect for the first record past the offset.
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (nextOffsetOrBelow(shard, mid, p.partition()) > offset) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return Optional.of(record(shard, lo));
    }

    private CommitRecord record(ShardId shard, long seq) {
        return recordIfKept(shard, seq).orElseThrow(
                () -> new IllegalStateException("record " + shard + "@" + seq + " is missing"));
    }

    /**
     * {@code p}'s next offset after record {@code seq}, or -1 when the record was trimmed: trimmed
     * records lie below every partition's start, so they come before any readable offset.
     */
    private long nextOffsetOrBelow(ShardId shard, long seq, int partition) {
        return recordIfKept(shard, seq).map(r -> r.nextOffset(partition)).orElse(-1L);
    }

    /**
     * Record {@code seq}, or empty when it was trimmed ({@code LogTrimmer} deletes a prefix of the
     * log, so every record at or below a missing one is missing too: remembered per shard).
     */
    private Optional<CommitRecord> recordIfKept(ShardId shard, long seq) {
        Key key = new Key(shard, seq);
        CommitRecord r = records.getIfPresent(key);
        if (r != null) {
            return Optional.of(r);
        }
        Long trimmed = trimmedUpTo.get(shard);
        if (trimmed != null && seq <= trimmed) {
            return Optional.empty();
        }
        Optional<CommitRecord> read = log.get(shard, seq);
        if (read.isPresent()) {
            records.put(key, read.get());
        } else {
            trimmedUpTo.merge(shard, seq, Math::max);
        }
        return read;
    }
}
