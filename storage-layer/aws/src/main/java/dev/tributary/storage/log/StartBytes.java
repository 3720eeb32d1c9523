package dev.tributary.storage.log;

import dev.tributary.storage.BatchEntry;
import java.util.Optional;

/**
 * Where a partition's byte counter stands at a log start offset: the cumulative stored bytes
 * before the first extent that is still (at least partly) at or after that offset. Found by
 * bisecting the shard's records on the partition's next offset (about {@code log2(records)}
 * strongly consistent reads, shared by the partitions of one move through the caller's
 * memo; trimmed records count as below every start). Stateless.
 */
final class StartBytes {
    private StartBytes() {
    }

    /**
     * The byte counter of {@code partition} at offset {@code offset}, given the shard's newest
     * record {@code latest} and a reader of its records by sequence number; -1 when the record
     * holding the offset has no byte counters.
     */
    static long at(java.util.function.LongFunction<Optional<CommitRecord>> records, CommitRecord latest, int partition,
                   long offset) {
        int slot = latest.shard().slot(partition);
        if (latest.bytes() == null) {
            return -1;
        }
        if (offset >= latest.nextOffset(partition)) {
            return latest.bytes().end(slot);
        }
        long lo = 1;
        long hi = latest.seq();
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            Optional<CommitRecord> r = records.apply(mid);
            if (r.isPresent() && r.get().nextOffset(partition) > offset) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        CommitRecord holder = lo == latest.seq() ? latest : records.apply(lo).orElse(null);
        if (holder == null || holder.bytes() == null) {
            return -1;
        }
        long before = holder.bytes().end(slot);
        for (BatchEntry e : holder.entries(partition)) {
            before -= e.length();
        }
        for (BatchEntry e : holder.entries(partition)) {
            if (e.nextOffset() > offset) {
                return before;
            }
            before += e.length();
        }
        return before;
    }
}
