package dev.tributary.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds segment objects that were written but never committed: the PUT succeeded and the
 * DynamoDB transaction never did (a crash, a timeout, a lost race that gave up). Only
 * objects older than a grace period count, so a segment between its PUT and its commit is
 * never taken for an orphan. Thread-safe.
 */
public final class OrphanScanner {
    private final SegmentStore segments;
    private final SegmentReferences references;
    private final Clock clock;

    public OrphanScanner(SegmentStore segments, SegmentReferences references, Clock clock) {
        this.segments = segments;
        this.references = references;
        this.clock = clock;
    }

    /** Keys of uncommitted objects last modified more than {@code grace} ago. */
    public List<String> findOrphans(Duration grace) {
        Instant cutoff = clock.instant().minus(grace);
        List<String> candidates = new ArrayList<>();
        segments.list(o -> {
            if (o.lastModified().isBefore(cutoff)) {
                candidates.add(o.key());
            }
        });
        Set<String> committed = references.committed(candidates);
        candidates.removeIf(committed::contains);
        return candidates;
    }
}
