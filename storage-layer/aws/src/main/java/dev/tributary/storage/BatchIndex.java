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

    /**
     * Up to {@code limit} entries, ascending, holding the offsets after {@code lastOffset} (callers
     * pass the last offset they already have). Where maintenance has merged entries, the first
     * one returned may start at or below {@code lastOffset} (a merged entry now holds
     * {@code lastOffset + 1}); callers skip the offsets they already have. Over dense entries
     * this is every entry with base offset {@code > lastOffset}.
     */
    List<BatchEntry> after(UUID topicId, int partition, long lastOffset, int limit);

    /**
     * The first entry at or after {@code fromOffset}'s batch whose max timestamp is
     * {@code >= timestampMs}, as Kafka's time index answers it.
     */
    Optional<BatchEntry> firstWithMaxTimestampAtLeast(UUID topicId, int partition, long fromOffset, long timestampMs);
}
