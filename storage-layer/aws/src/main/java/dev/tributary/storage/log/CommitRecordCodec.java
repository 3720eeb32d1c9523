package dev.tributary.storage.log;

import dev.tributary.core.format.CorruptSegmentException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary attributes of a {@link CommitRecord}, kept compact because DynamoDB charges
 * writes per KB of the whole item. All integers are varints (unsigned LEB128; "zigzag" marks
 * signed ones). Each attribute starts with a format version byte, {@value #VERSION}.
 *
 * <pre>
 * offsets vector (h: next offsets, s: log start offsets)
 *   version u8 | count varint | count x offset varint           (index = partition slot in the shard)
 *
 * extents (x)
 *   version u8 | count varint | per extent:
 *     slot varint | position zigzag (delta from the previous extent's end; the first from 0)
 *     | length varint | recordCount varint
 *     | firstTimestamp zigzag (delta from the record's commit time) | maxTimestamp - firstTimestamp zigzag
 *
 * partition bytes (b, optional; absent in records written before it existed)
 *   version u8 | count varint | count x end varint | count varint | count x start varint
 *                                   (cumulative stored bytes per partition slot, see PartitionBytes)
 *
 * producer runs (r)
 *   version u8 | count varint | per run:
 *     slot varint | producerId varint | epoch varint | firstSequence varint
 *     | lastSequence - firstSequence varint | baseOffset varint
 *
 * override ranges (o; only on override records, written by maintenance; records without it
 * decode as before)
 *   version u8 | count varint | per range:
 *     slot varint | fromOffset varint | toOffset - fromOffset varint
 * </pre>
 *
 * Decoding checks every length and range and throws {@link CorruptSegmentException} on
 * anything malformed; it never returns garbage. Stateless and thread-safe.
 */
public final class CommitRecordCodec {
    static final int VERSION = 1;
    private static final int MAX_ENTRIES = 1 << 20;

    private CommitRecordCodec() {
    }

    public static byte[] encodeOffsets(long[] offsets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + offsets.length * 3);
        out.write(VERSION);
        Varints.writeUnsigned(out, offsets.length);
        for (long o : offsets) {
            Varints.writeUnsigned(out, o);
        }
        return out.toByteArray();
    }

    public static long[] decodeOffsets(byte[] bytes) {
        ByteBuffer in = open(bytes);
        int n = Varints.readInt(in, ShardId.PARTITIONS_PER_SHARD);
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = Varints.readUnsigned(in);
        }
        close(in);
        return offsets;
    }

    public static byte[] encodeExtents(ShardId shard, List<Extent> extents, long commitTimeMs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + extents.size() * 10);
        out.write(VERSION);
        Varints.writeUnsigned(out, extents.size());
        long previousEnd = 0;
        for (Extent e : extents) {
            Varints.writeUnsigned(out, shard.slot(e.partition()));
            Varints.writeSigned(out, e.position() - previousEnd);
            Varints.writeUnsigned(out, e.length());
            Varints.writeUnsigned(out, e.recordCount());
            Varints.writeSigned(out, e.firstTimestampMs() - commitTimeMs);
            Varints.writeSigned(out, e.maxTimestampMs() - e.firstTimestampMs());
            previousEnd = e.end();
        }
        return out.toByteArray();
    }

    public static List<Extent> decodeExtents(ShardId shard, byte[] bytes, long commitTimeMs) {
        ByteBuffer in = open(bytes);
        int n = Varints.readInt(in, MAX_ENTRIES);
        List<Extent> extents = new ArrayList<>(n);
        long previousEnd = 0;
        for (int i = 0; i < n; i++) {
            int slot = Varints.readInt(in, ShardId.PARTITIONS_PER_SHARD - 1);
            long position = previousEnd + Varints.readSigned(in);
            int length = Varints.readInt(in, Integer.MAX_VALUE);
            int count = Varints.readInt(in, Integer.MAX_VALUE);
            long first = commitTimeMs + Varints.readSigned(in);
            long max = first + Varints.readSigned(in);
            try {
                extents.add(new Extent(shard.firstPartition() + slot, position, length, count, first, max));
            } catch (IllegalArgumentException e) {
                throw new CorruptSegmentException("invalid extent in a commit record: " + e.getMessage());
            }
            previousEnd = position + length;
        }
        close(in);
        return extents;
    }

    public static byte[] encodePartitionBytes(PartitionBytes bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 + (bytes.end().length + bytes.start().length) * 4);
        out.write(VERSION);
        writeVector(out, bytes.end());
        writeVector(out, bytes.start());
        return out.toByteArray();
    }

    public static PartitionBytes decodePartitionBytes(byte[] bytes) {
        ByteBuffer in = open(bytes);
        long[] end = readVector(in);
        long[] start = readVector(in);
        close(in);
        return new PartitionBytes(end, start);
    }

    private static void writeVector(ByteArrayOutputStream out, long[] values) {
        Varints.writeUnsigned(out, values.length);
        for (long v : values) {
            Varints.writeUnsigned(out, v);
        }
    }

    private static long[] readVector(ByteBuffer in) {
        int n = Varints.readInt(in, ShardId.PARTITIONS_PER_SHARD);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = Varints.readUnsigned(in);
        }
        return values;
    }

    public static byte[] encodeRuns(ShardId shard, List<ProducerRun> runs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + runs.size() * 14);
        out.write(VERSION);
        Varints.writeUnsigned(out, runs.size());
        for (ProducerRun r : runs) {
            Varints.writeUnsigned(out, shard.slot(r.partition()));
            Varints.writeUnsigned(out, r.producerId());
            Varints.writeUnsigned(out, r.epoch());
            Varints.writeUnsigned(out, r.firstSequence());
            Varints.writeUnsigned(out, (long) r.lastSequence() - r.firstSequence());
            Varints.writeUnsigned(out, r.baseOffset());
        }
        return out.toByteArray();
    }

    public static List<ProducerRun> decodeRuns(ShardId shard, byte[] bytes) {
        ByteBuffer in = open(bytes);
        int n = Varints.readInt(in, MAX_ENTRIES);
        List<ProducerRun> runs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int slot = Varints.readInt(in, ShardId.PARTITIONS_PER_SHARD - 1);
            long producerId = Varints.readUnsigned(in);
            short epoch = (short) Varints.readInt(in, Short.MAX_VALUE);
            int first = Varints.readInt(in, Integer.MAX_VALUE);
            long last = first + Varints.readUnsigned(in);
            if (last > Integer.MAX_VALUE) {
                throw new CorruptSegmentException("sequence out of range in a commit record");
            }
            runs.add(new ProducerRun(shard.firstPartition() + slot, producerId, epoch, first, (int) last,
                    Varints.readUnsigned(in)));
        }
        close(in);
        return runs;
    }

    public static byte[] encodeOverrides(ShardId shard, List<OverrideRange> overrides) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + overrides.size() * 8);
        out.write(VERSION);
        Varints.writeUnsigned(out, overrides.size());
        for (OverrideRange o : overrides) {
            Varints.writeUnsigned(out, shard.slot(o.partition()));
            Varints.writeUnsigned(out, o.fromOffset());
            Varints.writeUnsigned(out, o.toOffset() - o.fromOffset());
        }
        return out.toByteArray();
    }

    public static List<OverrideRange> decodeOverrides(ShardId shard, byte[] bytes) {
        ByteBuffer in = open(bytes);
        int n = Varints.readInt(in, ShardId.PARTITIONS_PER_SHARD);
        List<OverrideRange> overrides = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int slot = Varints.readInt(in, ShardId.PARTITIONS_PER_SHARD - 1);
            long from = Varints.readUnsigned(in);
            long span = Varints.readUnsigned(in);
            if (from < 0 || span <= 0 || from + span < from) {
                throw new CorruptSegmentException("invalid override range in a commit record");
            }
            overrides.add(new OverrideRange(shard.firstPartition() + slot, from, from + span));
        }
        close(in);
        return overrides;
    }

    private static ByteBuffer open(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new CorruptSegmentException("unknown commit record format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    }

    private static void close(ByteBuffer in) {
        if (in.hasRemaining()) {
            throw new CorruptSegmentException(in.remaining() + " trailing bytes in a commit record attribute");
        }
    }
}
