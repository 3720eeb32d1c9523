package dev.tributary.storage;

import java.util.List;

/**
 * Commits a segment object that is already in S3: assigns each chunk its base offset by
 * advancing the partition heads and writing batch-index entries, all in ONE DynamoDB
 * transaction. Idempotent producers' sequence numbers are checked and advanced in the
 * same transaction. Thread-safe.
 *
 * <p>A transaction holds at most {@link #MAX_ITEMS} items: two per chunk (head, index
 * entry), one per idempotent producer and partition, one per idempotent producer (its
 * epoch check) and one for the segment's reference count. {@link #itemCount} tells how
 * many a commit needs; writers cut segments so every segment commits atomically.
 */
public interface LogCommitter {
    /** DynamoDB's limit on items in one transaction. */
    int MAX_ITEMS = 100;
    /** The most chunks one commit accepts: (100 - 1 segment item) / 2 items per chunk. */
    int MAX_CHUNKS = 49;

    /** Transaction items a commit of these many chunks, producer-partitions and producers needs. */
    static int itemCount(int chunks, int producerPartitions, int producers) {
        return 2 * chunks + producerPartitions + producers + 1;
    }

    /**
     * Commits {@code chunks} of {@code segmentKey} and returns their base offsets, in order.
     * Losing a race re-reads heads and retries with new offsets; the segment bytes are never
     * rewritten because they hold no absolute offsets.
     *
     * @throws IllegalArgumentException when there are no chunks, more items than {@link #MAX_ITEMS},
     *         or two chunks for the same partition
     * @throws dev.tributary.core.error.ApiException {@code PRODUCER_FENCED} when a producer's epoch is
     *         no longer current, {@code OUT_OF_ORDER_SEQUENCE} when a producer's sequence does not follow
     *         what is stored; then nothing was committed
     * @throws dev.tributary.core.error.ApiException {@code STORAGE_UNAVAILABLE} or {@code THROTTLED}
     *         when DynamoDB cannot be reached or keeps refusing; then nothing was committed
     */
    List<Long> commit(String segmentKey, long segmentBytes, List<ChunkAppend> chunks);
}
