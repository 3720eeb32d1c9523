package dev.tributary.storage.log;

import java.util.Arrays;

/**
 * Per partition slot of a shard, cumulative stored bytes: {@code end[slot]} is the total length
 * of every extent the partition has ever committed (Kafka's log end, in bytes), and
 * {@code start[slot]} the same total up to the first extent still stored at or after its log
 * start. A partition's size is {@code end - start} (Kafka's {@code kafka-log-dirs} size:
 * stored, compressed batch bytes, counting a batch the start falls inside as stored).
 * Counting starts with the first record written with this section: data committed before
 * it is not included. Immutable.
 */
public record PartitionBytes(long[] end, long[] start) {
    public static final PartitionBytes NONE = new PartitionBytes(new long[0], new long[0]);

    public PartitionBytes {
        end = end.clone();
        start = start.clone();
    }

    public long end(int slot) {
        return slot < end.length ? end[slot] : 0;
    }

    public long start(int slot) {
        return slot < start.length ? start[slot] : 0;
    }

    /** The stored bytes of a partition slot between its start and end. */
    public long size(int slot) {
        return Math.max(0, end(slot) - start(slot));
    }

    /** These counters after adding {@code length} bytes to {@code slot}'s end. */
    PartitionBytes plus(int slot, long length) {
        long[] e = Arrays.copyOf(end, Math.max(end.length, slot + 1));
        e[slot] += length;
        return new PartitionBytes(e, start);
    }

    /** These counters with {@code slot}'s start moved to {@code bytes} (never back). */
    PartitionBytes withStart(int slot, long bytes) {
        long[] s = Arrays.copyOf(start, Math.max(start.length, slot + 1));
        s[slot] = Math.max(s[slot], Math.min(bytes, end(slot)));
        return new PartitionBytes(end, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionBytes b && Arrays.equals(end, b.end) && Arrays.equals(start, b.start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(end) * 31 + Arrays.hashCode(start);
    }

    @Override
    public String toString() {
        return "PartitionBytes[end=" + Arrays.toString(end) + ", start=" + Arrays.toString(start) + "]";
    }
}
