package dev.tributary.storage;

import java.util.List;

/**
 * Commits a segment object that is already in S3: assigns each chunk its base offset by
 * advancing the partition heads and writing batch-index entries, all in ONE DynamoDB
 * transaction. Thread-safe.
 *
 * <p>A transaction holds at most 100 items: one per head, one per index entry and one for
 * the segment's reference count, so one commit takes at most {@link #MAX_CHUNKS} chunks.
 * Writers cut segments at that bound (see the produce path), so every segment commits
 * atomically.
 */
public interface LogCommitter {
    /** The most chunks one commit accepts: (100 - 1 segment item) / 2 items per chunk. */
    int MAX_CHUNKS = 49;

    /**
     * Commits {@code chunks} of {@code segmentKey} and returns their base offsets, in order.
     * Losing a race re-reads heads and retries with new offsets; the segment bytes are never
     * rewritten because they hold no absolute offsets.
     *
     * @throws IllegalArgumentException when there are no chunks, more than {@link #MAX_CHUNKS},
     *         or two chunks for the same partition
     * @throws dev.tributary.core.error.ApiException {@code STORAGE_UNAVAILABLE} or {@code THROTTLED}
     *         when DynamoDB cannot be reached or keeps refusing; then nothing was committed
     */
    List<Long> commit(String segmentKey, long segmentBytes, List<ChunkAppend> chunks);
}
