package dev.tributary.storage.log;

import dev.tributary.storage.BatchEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One entry of a shard's commit log, the unit every commit writes (see
 * {@code docs/decisions/0013-storage-engine-v2-shard-log.md}).
 *
 * <p>Record {@code seq} of a shard holds the state of the shard after it: the next offset
 * ({@code nextOffsets}, indexed by {@link ShardId#slot}) and log start offset of every
 * partition, the largest record timestamp seen so far, and what it added: extents of the
 * segment object {@code segmentKey} (at most the ones of this shard) and idempotent
 * producers' runs. An extent's base offset is not stored: the extents of one partition are
 * consecutive and end at that partition's next offset.
 *
 * <p>An <b>override record</b> (non-empty {@link #overrides()}) adds no offsets: its heads and
 * starts equal the previous record's, and its extents, in the object {@code segmentKey}
 * written by maintenance (merging), hold exactly the offsets {@code [from, to)} of each
 * override range, replacing whatever older records said about those offsets. Every record
 * also carries {@link #previousOverrideSeq()}, the newest override record before it (0: none),
 * so a reader that has one record can find every override that applies to it.
 *
 * <p>Invariants: {@code seq >= 1}; for every partition, the record counts of its extents add
 * up to {@code nextOffset(p)} minus the previous record's {@code nextOffset(p)} (for an override
 * record: to {@code to - from} of that partition's range); a record without {@code segmentKey}
 * has no extents; {@code previousOverrideSeq < seq}. Immutable (arrays are not exposed).
 */
public final class CommitRecord {
    private final ShardId shard;
    private final long seq;
    private final String segmentKey;
    private final long commitTimeMs;
    private final long maxTimestampMs;
    private final long[] nextOffsets;
    private final long[] startOffsets;
    private final List<Extent> extents;
    private final List<ProducerRun> runs;
    private final SnapshotRef snapshot;
    private final List<OverrideRange> overrides;
    private final long previousOverrideSeq;
    private final PartitionBytes bytes;

    /** A record without partition byte counters (see {@link #bytes()}). */
    public CommitRecord(ShardId shard, long seq, String segmentKey, long commitTimeMs, long maxTimestampMs,
                        long[] nextOffsets, long[] startOffsets, List<Extent> extents, List<ProducerRun> runs,
                        SnapshotRef snapshot) {
        this(shard, seq, segmentKey, commitTimeMs, maxTimestampMs, nextOffsets, startOffsets, extents, runs, snapshot,
                List.of(), 0, null);
    }

    /** @param bytes the partitions' cumulative byte counters after this record, or null when not kept */
    public CommitRecord(ShardId shard, long seq, String segmentKey, long commitTimeMs, long maxTimestampMs,
                        long[] nextOffsets, long[] startOffsets, List<Extent> extents, List<ProducerRun> runs,
                        SnapshotRef snapshot, PartitionBytes bytes) {
        this(shard, seq, segmentKey, commitTimeMs, maxTimestampMs, nextOffsets, startOffsets, extents, runs, snapshot,
                List.of(), 0, bytes);
    }

    /**
     * @param overrides           for an override record, the offset ranges its extents replace; else empty
     * @param previousOverrideSeq the newest override record before this one, 0 when there is none
     * @param bytes               the partitions' cumulative byte counters after this record, or null when not kept
     */
    public CommitRecord(ShardId shard, long seq, String segmentKey, long commitTimeMs, long maxTimestampMs,
                        long[] nextOffsets, long[] startOffsets, List<Extent> extents, List<ProducerRun> runs,
                        SnapshotRef snapshot, List<OverrideRange> overrides, long previousOverrideSeq,
                        PartitionBytes bytes) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, got " + seq);
        }
        if (segmentKey == null && !extents.isEmpty()) {
            throw new IllegalArgumentException("a record with extents needs a segment key");
        }
        this.shard = shard;
        this.seq = seq;
        this.segmentKey = segmentKey;
        this.commitTimeMs = commitTimeMs;
        this.maxTimestampMs = maxTimestampMs;
        this.nextOffsets = nextOffsets.clone();
        this.startOffsets = startOffsets.clone();
        this.extents = List.copyOf(extents);
        this.runs = List.copyOf(runs);
        this.snapshot = snapshot;
        if (previousOverrideSeq < 0 || previousOverrideSeq >= seq) {
            throw new IllegalArgumentException("previous override " + previousOverrideSeq + " must be below " + seq);
        }
        if (!overrides.isEmpty()) {
            checkOverrides(overrides, extents);
        }
        this.overrides = List.copyOf(overrides);
        this.previousOverrideSeq = previousOverrideSeq;
        this.bytes = bytes;
    }

    /** Each override range is covered exactly by its partition's extents; partitions appear once. */
    private static void checkOverrides(List<OverrideRange> overrides, List<Extent> extents) {
        java.util.Map<Integer, Long> counts = new java.util.HashMap<>();
        for (Extent e : extents) {
            counts.merge(e.partition(), (long) e.recordCount(), Long::sum);
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (OverrideRange o : overrides) {
            if (!seen.add(o.partition()) || counts.getOrDefault(o.partition(), 0L) != o.toOffset() - o.fromOffset()) {
                throw new IllegalArgumentException("override " + o + " is not covered exactly by its extents");
            }
        }
        if (!seen.containsAll(counts.keySet())) {
            throw new IllegalArgumentException("an override record has extents outside its override ranges");
        }
    }

    public ShardId shard() { return shard; }
    public long seq() { return seq; }
    public String segmentKey() { return segmentKey; }
    public long commitTimeMs() { return commitTimeMs; }
    public long maxTimestampMs() { return maxTimestampMs; }
    public List<Extent> extents() { return extents; }
    public List<ProducerRun> runs() { return runs; }
    public SnapshotRef snapshot() { return snapshot; }
    public List<OverrideRange> overrides() { return overrides; }
    public long previousOverrideSeq() { return previousOverrideSeq; }

    /** Whether this record replaces older records' extents instead of adding offsets. */
    public boolean isOverride() {
        return !overrides.isEmpty();
    }

    /** The newest override record at or before this one (this one, if it is one), 0 for none. */
    public long newestOverrideSeq() {
        return isOverride() ? seq : previousOverrideSeq;
    }

    /** This override record's range for {@code partition}, if it has one. */
    public java.util.Optional<OverrideRange> override(int partition) {
        for (OverrideRange o : overrides) {
            if (o.partition() == partition) {
                return java.util.Optional.of(o);
            }
        }
        return java.util.Optional.empty();
    }

    /** The partitions' cumulative byte counters after this record; null for records written without them. */
    public PartitionBytes bytes() { return bytes; }

    /** Next offset of {@code partition} after this record (0 for a partition never written). */
    public long nextOffset(int partition) {
        return shard.valueOf(nextOffsets, partition);
    }

    public long startOffset(int partition) {
        return shard.valueOf(startOffsets, partition);
    }

    public long[] nextOffsets() {
        return nextOffsets.clone();
    }

    public long[] startOffsets() {
        return startOffsets.clone();
    }

    int slots() {
        return nextOffsets.length;
    }

    /** Whether this record adds bytes to {@code partition}. */
    public boolean touches(int partition) {
        for (Extent e : extents) {
            if (e.partition() == partition) {
                return true;
            }
        }
        return false;
    }

    /** This record's extents of {@code partition} as index entries with their offsets, in offset order. */
    public List<BatchEntry> entries(int partition) {
        List<Extent> mine = new ArrayList<>();
        long records = 0;
        for (Extent e : extents) {
            if (e.partition() == partition) {
                mine.add(e);
                records += e.recordCount();
            }
        }
        List<BatchEntry> out = new ArrayList<>(mine.size());
        long base = isOverride() ? override(partition).map(OverrideRange::fromOffset).orElse(0L)
                : nextOffset(partition) - records;
        for (Extent e : mine) {
            out.add(new BatchEntry(shard.topicId(), partition, base, e.recordCount(), segmentKey, e.position(), e.length(),
                    e.firstTimestampMs(), e.maxTimestampMs()));
            base += e.recordCount();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommitRecord r && shard.equals(r.shard) && seq == r.seq
                && java.util.Objects.equals(segmentKey, r.segmentKey) && commitTimeMs == r.commitTimeMs
                && maxTimestampMs == r.maxTimestampMs && Arrays.equals(nextOffsets, r.nextOffsets)
                && Arrays.equals(startOffsets, r.startOffsets) && extents.equals(r.extents) && runs.equals(r.runs)
                && java.util.Objects.equals(snapshot, r.snapshot) && overrides.equals(r.overrides)
                && previousOverrideSeq == r.previousOverrideSeq && java.util.Objects.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return shard.hashCode() * 31 + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return "CommitRecord[" + shard + "@" + seq + ", " + segmentKey + ", " + extents.size() + " extents, "
                + runs.size() + " runs" + (isOverride() ? ", overrides " + overrides : "") + "]";
    }
}
