package dev.tributary.storage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The batch index: which segment bytes hold which offsets of a partition. Entries are
 * immutable once committed. Reads are strongly consistent. Thread-safe.
 */
public interface BatchIndex {
    /** The entry with the greatest base offset {@code <= offset}: one Query, descending, limit 1. */
    Optional<BatchEntry> floor(UUID topicId, int partition, long offset);

    /** Up to {@code limit} entries with base offset {@code > baseOffsetExclusive}, ascending. */
    List<BatchEntry> after(UUID topicId, int partition, long baseOffsetExclusive, int limit);

    /**
     * The first entry at or after {@code fromOffset}'s batch whose max timestamp is
     * {@code >= timestampMs}, as Kafka's time index answers it.
     */
    Optional<BatchEntry> firstWithMaxTimestampAtLeast(UUID topicId, int partition, long fromOffset, long timestampMs);
}
