package dev.tributary.storage.log;

import dev.tributary.storage.BatchEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how far retention moves the log start of the partitions of one shard; reads only
 * (the move itself is {@link ShardCommitter#moveLogStart}, under a lease).
 *
 * <p>Rules (Kafka's, with whole extents in place of whole segments):
 * <ul>
 *   <li><b>Time</b> ({@code retentionMs >= 0}): record {@code k} of a shard carries the largest
 *       record timestamp of the shard up to {@code k} ({@code mts}, monotone in {@code seq}). The
 *       last record whose {@code mts} is older than {@code now - retentionMs} is found by
 *       bisection (O(log n) reads; two when nothing has expired); every extent up to it is expired, so each partition's start
 *       may move to that record's {@code nextOffset}. A record with a future timestamp therefore
 *       holds back time retention of its shard until it expires (Kafka: of its segment).</li>
 *   <li><b>Bytes</b> ({@code retentionBytes > 0}): walking back from the newest record, a
 *       partition keeps the shortest run of its newest whole extents that holds at least
 *       {@code retentionBytes}; older extents go. The walk reads at most
 *       {@code maxRecordsPerShard} records; a partition not decided within them is left alone.</li>
 * </ul>
 * The result is the larger of the two per partition; a partition whose start would not move is
 * left out. Thread-safe (stateless apart from the log it reads).
 */
public final class RetentionPlanner {
    private static final int PAGE = 100;

    private final ShardLog log;
    private final int maxRecordsPerShard;

    public RetentionPlanner(ShardLog log, int maxRecordsPerShard) {
        this.log = log;
        this.maxRecordsPerShard = maxRecordsPerShard;
    }

    /**
     * New log start offsets of the partitions {@code [first, end)} of {@code shard}.
     *
     * @param retentionMs    {@code -1}: no time limit
     * @param retentionBytes {@code -1}: no size limit
     */
    public Map<Integer, Long> plan(ShardId shard, int first, int end, long retentionMs, long retentionBytes, long nowMs) {
        Map<Integer, Long> starts = new HashMap<>();
        Optional<CommitRecord> latest = log.latest(shard);
        if (latest.isEmpty()) {
            return starts;
        }
        if (retentionMs >= 0) {
            expiredUpTo(shard, latest.get(), nowMs - retentionMs).ifPresent(k -> {
                for (int p = first; p < end; p++) {
                    starts.put(p, k.nextOffset(p));
                }
            });
        }
        if (retentionBytes > 0) {
            bySize(shard, latest.get(), first, end, retentionBytes).forEach((p, s) -> starts.merge(p, s, Math::max));
        }
        CommitRecord now = latest.get();
        starts.entrySet().removeIf(e -> e.getValue() <= now.startOffset(e.getKey()));
        return starts;
    }

    /** The last record whose shard-wide largest timestamp is older than {@code cutoffMs}. */
    private Optional<CommitRecord> expiredUpTo(ShardId shard, CommitRecord latest, long cutoffMs) {
        return LogSearch.newestWhere(log, shard, latest, r -> r.maxTimestampMs() < cutoffMs);
    }

    private Map<Integer, Long> bySize(ShardId shard, CommitRecord latest, int first, int end, long retentionBytes) {
        Map<Integer, Long> kept = new HashMap<>();
        Map<Integer, Long> starts = new HashMap<>();
        java.util.Set<Integer> open = new java.util.HashSet<>();
        for (int p = first; p < end; p++) {
            if (latest.nextOffset(p) > latest.startOffset(p)) {
                open.add(p);
            }
        }
        long below = latest.seq() + 1;
        int read = 0;
        while (!open.isEmpty() && below > 1 && read < maxRecordsPerShard) {
            long from = Math.max(0, below - 1 - PAGE);
            List<CommitRecord> page = new ArrayList<>(log.after(shard, from, (int) (below - 1 - from)));
            // After trimming, the records after "from" may start later and run past "below".
            final long limit = below;
            page.removeIf(r -> r.seq() >= limit);
            read += page.size();
            for (int i = page.size() - 1; i >= 0 && !open.isEmpty(); i--) {
                CommitRecord r = page.get(i);
                if (r.isOverride()) {
                    // merged copies of extents counted where they were first added
                    continue;
                }
                for (Integer p : List.copyOf(open)) {
                    List<BatchEntry> entries = r.entries(p);
                    for (int j = entries.size() - 1; j >= 0; j--) {
                        BatchEntry e = entries.get(j);
                        if (e.nextOffset() <= latest.startOffset(p)) {
                            open.remove(p);
                            break;
                        }
                        long total = kept.merge(p, (long) e.length(), Long::sum);
                        if (total >= retentionBytes) {
                            starts.put(p, e.baseOffset());
                            open.remove(p);
                            break;
                        }
                    }
                }
            }
            if (page.isEmpty()) {
                break;
            }
            below = page.get(0).seq();
        }
        return starts;
    }
}
