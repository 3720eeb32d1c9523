package dev.tributary.storage.log;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Searches of a shard's log that tolerate a trimmed prefix. */
final class LogSearch {
    private LogSearch() {
    }

    /**
     * The newest record at or before {@code latest} for which {@code old} holds, where it holds
     * for a prefix of the records (bisected). The search starts at the oldest record kept:
     * trimmed records lie below every start, so when {@code old} does not hold for the oldest
     * kept record there is none worth finding.
     */
    static Optional<CommitRecord> newestWhere(ShardLog log, ShardId shard, CommitRecord latest,
                                              Predicate<CommitRecord> old) {
        if (old.test(latest)) {
            return Optional.of(latest);
        }
        List<CommitRecord> oldest = log.after(shard, 0, 1);
        if (oldest.isEmpty() || !old.test(oldest.get(0))) {
            return Optional.empty();
        }
        CommitRecord found = oldest.get(0);
        long lo = found.seq();
        long hi = latest.seq();
        // Invariant: record lo is old, record hi is not.
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            CommitRecord r = log.get(shard, mid).orElseThrow(() -> new IllegalStateException(shard + "@" + mid + " is missing"));
            if (old.test(r)) {
                lo = mid;
                found = r;
            } else {
                hi = mid;
            }
        }
        return Optional.of(found);
    }
}
