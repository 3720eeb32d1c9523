package dev.tributary.client.consumer.internals;

import dev.tributary.core.format.LogRecord;
import java.util.List;

/**
 * The records one read of a partition produced, as they wait in the {@link FetchBuffer}
 * until {@code poll} takes them, maybe over several polls. Not thread-safe: used under
 * the buffer's lock.
 *
 * <p>Invariant: {@code records} are in offset order without gaps; {@link #take} hands each
 * out once.
 */
final class CompletedFetch {
    private final List<LogRecord> records;
    private final long sizeInBytes;
    private int next;

    CompletedFetch(List<LogRecord> records, long sizeInBytes) {
        this.records = records;
        this.sizeInBytes = sizeInBytes;
    }

    /** Up to {@code max} records not taken yet. */
    List<LogRecord> take(int max) {
        int n = Math.min(max, records.size() - next);
        List<LogRecord> out = records.subList(next, next + n);
        next += n;
        return out;
    }

    boolean isConsumed() {
        return next == records.size();
    }

    /** What the records occupy in memory, for the prefetch bound. */
    long sizeInBytes() {
        return sizeInBytes;
    }
}
