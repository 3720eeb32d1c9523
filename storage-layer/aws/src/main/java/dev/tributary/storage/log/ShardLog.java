package dev.tributary.storage.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-shard commit logs: append-only, each record written once with a condition that
 * its sequence number is free, so exactly one writer wins every position. Reads are strongly
 * consistent. Storage failures surface as {@link dev.tributary.core.error.ApiException}
 * ({@code STORAGE_UNAVAILABLE}, {@code THROTTLED}); lost races are results. Thread-safe.
 */
public interface ShardLog {
    /** The newest record of the shard, if any. */
    Optional<CommitRecord> latest(ShardId shard);

    Optional<CommitRecord> get(ShardId shard, long seq);

    /** Up to {@code limit} records with sequence numbers greater than {@code seq}, ascending. */
    List<CommitRecord> after(ShardId shard, long seq, int limit);

    /**
     * Writes {@code records} (at most one per shard, each at its shard's next sequence number)
     * and the segment's reference, all or nothing, provided every producer in
     * {@code producerEpochs} still has that epoch. After an ambiguous failure (the write may
     * have been applied) it finds out, so the answer is exact.
     *
     * @return {@link Outcome#committed()} or why not: the shards whose sequence number was taken,
     *         or the producers fenced by a newer epoch
     */
    Outcome commit(List<CommitRecord> records, SegmentReference reference, Map<Long, Short> producerEpochs);

    /**
     * Writes one record at its sequence number if that number is free, without a segment
     * reference or producer checks (data migration only).
     *
     * @return false when the sequence number is taken
     */
    boolean append(CommitRecord record);

    /**
     * Writes one record without a segment (a maintenance record, e.g. a move of the log start)
     * at its sequence number if that number is free and, when {@code lease} is not null, only
     * while that lease is still held at its epoch, in one conditional write. After an ambiguous
     * failure it reads the position back, so the answer is exact.
     */
    MaintenanceAppend appendFenced(CommitRecord record, dev.tributary.storage.Lease lease);

    /**
     * Writes an override record (its extents in {@code moved.segmentKey()}, already stored and
     * given a reference by {@link #putUnusedReference}) at its sequence number if that number
     * is free and {@code lease} is still held, and in the same transaction moves the live-extent
     * counts ({@code liveBatches}): the new object's becomes {@code moved.extents()}, and each
     * replaced object's drops by the number of its extents replaced, never below zero, with
     * {@code releasedAtMs} set to {@code moved.nowMs()}. After an ambiguous failure it reads the
     * position back, so the answer is exact.
     *
     * @return {@link MaintenanceAppend#REFERENCES_CHANGED} when a count would go below zero or
     *         the new object's reference is not the unused one expected; nothing is written then
     */
    MaintenanceAppend appendOverride(CommitRecord record, dev.tributary.storage.Lease lease, ExtentsMoved moved);

    /**
     * Writes the reference item of an object maintenance has just stored, with no live extents
     * and {@code releasedAtMs} set: if the override that would use it never lands, the object is
     * garbage like any other whose count is zero. Fails if the key already has a reference.
     */
    void putUnusedReference(SegmentReference reference, ShardId shard);

    /**
     * What an override record does to the live-extent counts of segment objects.
     *
     * @param segmentKey the new object, whose count becomes {@code extents}
     * @param released   replaced object -> number of its extents replaced
     */
    record ExtentsMoved(String segmentKey, int extents, java.util.Map<String, Integer> released, long nowMs) {
        public ExtentsMoved {
            released = java.util.Map.copyOf(released);
        }
    }

    /** The result of {@link #appendFenced} and {@link #appendOverride}. */
    enum MaintenanceAppend {
        APPENDED,
        /** another writer took the sequence number first: catch up and plan again */
        SEQ_TAKEN,
        /** the lease moved to another owner or epoch: this worker must stop */
        FENCED,
        /** a reference count does not allow the change (something else released those extents): plan again */
        REFERENCES_CHANGED
    }

    /** What a segment's reference item records: what garbage collection needs. */
    record SegmentReference(String segmentKey, long sizeBytes, long createdAtMs) {
    }

    /** The result of {@link #commit}. */
    record Outcome(boolean committed, Set<ShardId> conflicts, Set<Long> fencedProducers) {
        public static Outcome success() {
            return new Outcome(true, Set.of(), Set.of());
        }

        public static Outcome conflict(Set<ShardId> shards) {
            return new Outcome(false, Set.copyOf(shards), Set.of());
        }

        public static Outcome fenced(Set<Long> producers) {
            return new Outcome(false, Set.of(), Set.copyOf(producers));
        }
    }
}
