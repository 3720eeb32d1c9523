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
 * <p>Thread-safe.
 */
public final class LogReader implements PartitionStore, BatchIndex {
    private static final int SCAN_PAGE = 64;

    private final ShardLog log;
    private final Cache<Key, CommitRecord> records;
    /** The newest record this instance has seen per shard: a lower bound of the shard's head. */
    private final java.util.Map<ShardId, CommitRecord> newest = new java.util.concurrent.ConcurrentHashMap<>();

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
        return locate(new PartitionId(topicId, partition), offset).flatMap(r -> r.entries(partition).stream()
                .filter(e -> e.baseOffset() <= offset && offset < e.nextOffset()).findFirst());
    }

    @Override
    public List<BatchEntry> after(UUID topicId, int partition, long baseOffsetExclusive, int limit) {
        PartitionId p = new PartitionId(topicId, partition);
        List<BatchEntry> out = new ArrayList<>();
        Optional<CommitRecord> start = locate(p, baseOffsetExclusive);
        if (start.isEmpty()) {
            return out;
        }
        collect(start.get(), partition, baseOffsetExclusive, limit, out);
        scanForward(p, start.get().seq(), end -> {
            collect(end, partition, baseOffsetExclusive, limit, out);
            return out.size() >= limit;
        });
        return out;
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
        return Optional.ofNullable(found[0]);
    }

    private static void collect(CommitRecord r, int partition, long baseOffsetExclusive, int limit, List<BatchEntry> out) {
        for (BatchEntry e : r.entries(partition)) {
            if (e.baseOffset() > baseOffsetExclusive && out.size() < limit) {
                out.add(e);
            }
        }
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

    /** The record holding {@code offset} of {@code p}, if the partition has reached it. */
    Optional<CommitRecord> locate(PartitionId p, long offset) {
        ShardId shard = p.shard();
        // Records never change: a newer record already seen that covers the offset bounds the
        // search as well as the shard's true head does, without another strongly consistent read
        // (a fetch has just read the head; its index pages need not read it again).
        Optional<CommitRecord> latest = Optional.ofNullable(newest.get(shard))
                .filter(r -> r.nextOffset(p.partition()) > offset);
        if (latest.isEmpty()) {
            latest = latest(shard);
        }
        if (latest.isEmpty() || latest.get().nextOffset(p.partition()) <= offset) {
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
