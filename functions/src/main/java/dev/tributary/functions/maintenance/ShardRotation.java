package dev.tributary.functions.maintenance;

import dev.tributary.storage.log.ShardId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Which shards one bounded maintenance pass visits: at most {@code max} of them, in a fixed
 * order, starting after the last shard the previous pass of this instance visited (a fresh
 * instance starts from the first). Not thread-safe: each job serializes its passes.
 */
final class ShardRotation {
    private static final Comparator<ShardId> ORDER = Comparator.comparing((ShardId s) -> s.topicId().toString())
            .thenComparingInt(ShardId::shard);
    private ShardId resumeAfter;

    /** The shards to visit this pass, out of {@code all}; remembers the last one for the next pass. */
    List<ShardId> next(List<ShardId> all, int max) {
        List<ShardId> shards = new ArrayList<>(all);
        shards.sort(ORDER);
        int from = 0;
        if (resumeAfter != null) {
            int at = Collections.binarySearch(shards, resumeAfter, ORDER);
            from = at >= 0 ? at + 1 : -at - 1;
            if (from >= shards.size()) {
                from = 0;
            }
        }
        int budget = Math.min(shards.size(), max);
        List<ShardId> out = new ArrayList<>(budget);
        for (int i = 0; i < budget; i++) {
            out.add(shards.get((from + i) % shards.size()));
        }
        if (!out.isEmpty()) {
            resumeAfter = out.get(out.size() - 1);
        }
        return out;
    }
}
