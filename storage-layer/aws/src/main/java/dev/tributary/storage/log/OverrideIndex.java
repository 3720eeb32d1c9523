package dev.tributary.storage.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongFunction;

/**
 * The override records of each shard that a reader has seen, found by following the chain of
 * {@link CommitRecord#previousOverrideSeq()} back from a record's newest override. Override
 * records never change, so the chain below an override already followed is never read again:
 * a reader reads each override record once.
 *
 * <p>Resolution rule: offset N of partition p is held by the newest override record (at or
 * before the reader's view) whose range for p contains N, else by the original record that
 * added N. Merging replaces whole entries only, so the entries of the override chosen for N
 * start at the boundaries of entries older views had, and a walk entry by entry never holds an
 * offset twice.
 *
 * <p>Thread-safe.
 */
final class OverrideIndex {
    private final Map<ShardId, NavigableMap<Long, CommitRecord>> known = new ConcurrentHashMap<>();
    /** Per shard, the newest override seq whose whole chain below is in {@link #known}. */
    private final Map<ShardId, Long> complete = new ConcurrentHashMap<>();

    /**
     * The override records of {@code view}'s shard at or before {@code view}, newest first,
     * that have a range for {@code partition}.
     *
     * @param read reads a record of the shard by seq; null when it was trimmed. The log is trimmed as a
     *             prefix and an override is trimmed only once its ranges are below every start, so a
     *             missing override ends the chain: it and every older one hold no readable offset
     */
    List<CommitRecord> forPartition(CommitRecord view, int partition, LongFunction<CommitRecord> read) {
        long newest = view.newestOverrideSeq();
        if (newest == 0) {
            return List.of();
        }
        ShardId shard = view.shard();
        NavigableMap<Long, CommitRecord> chain = known.computeIfAbsent(shard, k -> new ConcurrentSkipListMap<>());
        synchronized (chain) {
            long done = complete.getOrDefault(shard, 0L);
            long seq = newest;
            while (seq > done && !chain.containsKey(seq)) {
                CommitRecord r = seq == view.seq() ? view : read.apply(seq);
                if (r == null) {
                    break;
                }
                if (!r.isOverride()) {
                    throw new IllegalStateException("record " + shard + "@" + seq + " is not an override record");
                }
                chain.put(seq, r);
                seq = r.previousOverrideSeq();
            }
            complete.merge(shard, newest, Math::max);
        }
        List<CommitRecord> out = new ArrayList<>();
        for (CommitRecord r : chain.headMap(newest, true).descendingMap().values()) {
            if (r.override(partition).isPresent()) {
                out.add(r);
            }
        }
        return out;
    }

    /** The newest of {@code overrides} (newest first) whose range for {@code partition} holds {@code offset}. */
    static CommitRecord holding(List<CommitRecord> overrides, int partition, long offset) {
        for (CommitRecord r : overrides) {
            if (r.override(partition).orElseThrow().contains(offset)) {
                return r;
            }
        }
        return null;
    }
}
