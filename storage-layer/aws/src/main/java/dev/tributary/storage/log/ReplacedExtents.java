package dev.tributary.storage.log;

import dev.tributary.storage.BatchEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which extents of a shard's records later override records replaced, for whoever releases
 * reference counts (below the log start, or of a deleted topic).
 *
 * <p>The counting rule (decision 0087): an override's swap already took every extent it
 * replaced off the count of the object that held it, and gave its own object one count per
 * extent. So when a record (original or override) is released, its object loses one count per
 * extent that no override newer than the record replaced, and nothing for the others. Each
 * extent is thus counted down exactly once: by the swap that first replaced it, or by its
 * release. Overrides replace whole entries, so an extent is replaced exactly when a newer
 * override's range for its partition overlaps it.
 *
 * <p>The overrides are those of the chain from a record of the shard down to a sequence number;
 * a missing override (trimmed, or deleted with its topic) ends the chain: the log is deleted as
 * a prefix, so every older one is gone too, and none of them is newer than a record still to be
 * released. Immutable.
 */
public final class ReplacedExtents {
    /** Overrides newest first. */
    private final List<CommitRecord> overrides;

    private ReplacedExtents(List<CommitRecord> overrides) {
        this.overrides = overrides;
    }

    /**
     * The override records at or before {@code view} with a sequence number above {@code above}:
     * every override that can replace extents of a record after {@code above} as of {@code view}.
     */
    public static ReplacedExtents of(ShardLog log, CommitRecord view, long above) {
        List<CommitRecord> out = new ArrayList<>();
        long seq = view.newestOverrideSeq();
        while (seq > above) {
            Optional<CommitRecord> r = seq == view.seq() ? Optional.of(view) : log.get(view.shard(), seq);
            if (r.isEmpty()) {
                break;
            }
            if (!r.get().isOverride()) {
                throw new IllegalStateException("record " + view.shard() + "@" + seq + " is not an override record");
            }
            out.add(r.get());
            seq = r.get().previousOverrideSeq();
        }
        return new ReplacedExtents(List.copyOf(out));
    }

    /** How many of {@code record}'s extents no newer override replaced: what releasing it takes off its object's count. */
    public int liveExtents(CommitRecord record) {
        int live = 0;
        for (int partition : partitions(record)) {
            for (BatchEntry e : record.entries(partition)) {
                if (!replaced(record.seq(), partition, e.baseOffset(), e.baseOffset() + e.recordCount())) {
                    live++;
                }
            }
        }
        return live;
    }

    private boolean replaced(long seq, int partition, long from, long to) {
        for (CommitRecord o : overrides) {
            if (o.seq() <= seq) {
                return false;
            }
            Optional<OverrideRange> range = o.override(partition);
            if (range.isPresent() && range.get().fromOffset() < to && from < range.get().toOffset()) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> partitions(CommitRecord record) {
        List<Integer> out = new ArrayList<>();
        for (Extent e : record.extents()) {
            if (!out.contains(e.partition())) {
                out.add(e.partition());
            }
        }
        return out;
    }

    /**
     * Whether every offset {@code record} gave extents for lies below the starts of {@code latest}:
     * for an original record, its partitions' next offsets; for an override record, its ranges'
     * ends (so a released, and then possibly trimmed, override never held a readable offset).
     */
    public static boolean whollyBelowStart(CommitRecord record, CommitRecord latest) {
        if (record.isOverride()) {
            for (OverrideRange o : record.overrides()) {
                if (o.toOffset() > latest.startOffset(o.partition())) {
                    return false;
                }
            }
            return true;
        }
        for (Extent e : record.extents()) {
            if (record.nextOffset(e.partition()) > latest.startOffset(e.partition())) {
                return false;
            }
        }
        return true;
    }
}
