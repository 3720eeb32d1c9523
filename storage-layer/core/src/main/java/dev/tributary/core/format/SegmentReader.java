package dev.tributary.core.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Reads and checks the index of a segment object written by {@link SegmentWriter}.
 *
 * <h2>Segment format, version 1</h2>
 * A segment is an immutable object holding record batches for many partitions. All
 * integers are big-endian.
 * <pre>
 *  +------------------+------------------+-----+--------+---------+
 *  | chunk 0          | chunk 1          | ... | footer | trailer |
 *  +------------------+------------------+-----+--------+---------+
 *  0                                      footerPosition       size
 * </pre>
 * A <b>chunk</b> is the concatenation, in append order, of one (topic, partition)'s
 * Kafka RecordBatch v2 batches (see {@link RecordBatches}), each written with base
 * offset 0 and protected by its own CRC-32C. Chunks are contiguous, start at byte 0 and
 * appear in the order their partitions were first appended.
 *
 * <p>The <b>footer</b> indexes the chunks:
 * <pre>
 *  offset  size  field
 *       0     4  entryCount
 *       4     *  entryCount entries of FOOTER_ENTRY_SIZE bytes, in chunk order
 *
 *  entry:
 *       0     8  topicIdMsb         ENTRY_TOPIC_ID_MSB_OFFSET
 *       8     8  topicIdLsb         ENTRY_TOPIC_ID_LSB_OFFSET
 *      16     4  partition          ENTRY_PARTITION_OFFSET
 *      20     8  position           ENTRY_POSITION_OFFSET
 *      28     4  length             ENTRY_LENGTH_OFFSET
 *      32     4  recordCount        ENTRY_RECORD_COUNT_OFFSET
 *      36     4  batchCount         ENTRY_BATCH_COUNT_OFFSET
 *      40     8  firstTimestampMs   ENTRY_FIRST_TIMESTAMP_OFFSET
 *      48     8  maxTimestampMs     ENTRY_MAX_TIMESTAMP_OFFSET
 *      56        (FOOTER_ENTRY_SIZE)
 * </pre>
 *
 * <p>The <b>trailer</b> is the last {@link #TRAILER_SIZE} bytes:
 * <pre>
 *  offset  size  field
 *       0     8  footerPosition     TRAILER_FOOTER_POSITION_OFFSET
 *       8     4  footerLength       TRAILER_FOOTER_LENGTH_OFFSET
 *      12     4  footerCrc          TRAILER_FOOTER_CRC_OFFSET     CRC-32C of the footer
 *      16     4  dataCrc            TRAILER_DATA_CRC_OFFSET       CRC-32C of [0, footerPosition)
 *      20     2  formatVersion      TRAILER_VERSION_OFFSET        1
 *      22     2  flags              TRAILER_FLAGS_OFFSET          0; reserved
 *      24     4  trailerCrc         TRAILER_CRC_OFFSET            CRC-32C of trailer bytes [0, 24)
 *      28     8  magic              TRAILER_MAGIC_OFFSET          ASCII "TRBSEG01"
 *      36        (TRAILER_SIZE)
 * </pre>
 *
 * <p>Reading: fetch the last {@code TRAILER_SIZE} bytes ({@link #readTrailer}), then the
 * footer ({@link #readFooter}), then one ranged read per wanted chunk, decoded with
 * {@link RecordBatches#decode} using the chunk's record count. A reader that holds the
 * whole object uses {@link #readIndex} and {@link #chunk}. Ranged readers rely on the
 * per-batch CRCs for chunk integrity; {@code dataCrc} lets a whole-object reader
 * (compaction, verification) check every byte, including the base offset fields the
 * batch CRCs leave out.
 *
 * <p>Invariants checked on read: magic, version, flags, trailer and footer CRCs; footer
 * directly precedes the trailer; chunks are non-empty, contiguous from byte 0 up to the
 * footer, each (topic, partition) appears once, {@code 1 <= batchCount <= recordCount},
 * {@code firstTimestampMs <= maxTimestampMs}. Any violation raises
 * {@link CorruptSegmentException}.
 *
 * <p>Stateless and thread-safe. No method modifies the buffers or arrays it is given.
 */
public final class SegmentReader {
    public static final short FORMAT_VERSION = 1;
    static final byte[] MAGIC = "TRBSEG01".getBytes(StandardCharsets.US_ASCII);

    public static final int ENTRY_COUNT_OFFSET = 0;
    public static final int ENTRIES_OFFSET = ENTRY_COUNT_OFFSET + 4;

    public static final int ENTRY_TOPIC_ID_MSB_OFFSET = 0;
    public static final int ENTRY_TOPIC_ID_LSB_OFFSET = ENTRY_TOPIC_ID_MSB_OFFSET + 8;
    public static final int ENTRY_PARTITION_OFFSET = ENTRY_TOPIC_ID_LSB_OFFSET + 8;
    public static final int ENTRY_POSITION_OFFSET = ENTRY_PARTITION_OFFSET + 4;
    public static final int ENTRY_LENGTH_OFFSET = ENTRY_POSITION_OFFSET + 8;
    public static final int ENTRY_RECORD_COUNT_OFFSET = ENTRY_LENGTH_OFFSET + 4;
    public static final int ENTRY_BATCH_COUNT_OFFSET = ENTRY_RECORD_COUNT_OFFSET + 4;
    public static final int ENTRY_FIRST_TIMESTAMP_OFFSET = ENTRY_BATCH_COUNT_OFFSET + 4;
    public static final int ENTRY_MAX_TIMESTAMP_OFFSET = ENTRY_FIRST_TIMESTAMP_OFFSET + 8;
    public static final int FOOTER_ENTRY_SIZE = ENTRY_MAX_TIMESTAMP_OFFSET + 8;

    public static final int TRAILER_FOOTER_POSITION_OFFSET = 0;
    public static final int TRAILER_FOOTER_LENGTH_OFFSET = TRAILER_FOOTER_POSITION_OFFSET + 8;
    public static final int TRAILER_FOOTER_CRC_OFFSET = TRAILER_FOOTER_LENGTH_OFFSET + 4;
    public static final int TRAILER_DATA_CRC_OFFSET = TRAILER_FOOTER_CRC_OFFSET + 4;
    public static final int TRAILER_VERSION_OFFSET = TRAILER_DATA_CRC_OFFSET + 4;
    public static final int TRAILER_FLAGS_OFFSET = TRAILER_VERSION_OFFSET + 2;
    public static final int TRAILER_CRC_OFFSET = TRAILER_FLAGS_OFFSET + 2;
    public static final int TRAILER_MAGIC_OFFSET = TRAILER_CRC_OFFSET + 4;
    public static final int TRAILER_SIZE = TRAILER_MAGIC_OFFSET + 8;

    private SegmentReader() {
    }

    /**
     * Decodes the trailer from the last {@link #TRAILER_SIZE} bytes of {@code tail}
     * (position to limit); a longer tail read may be passed as is.
     *
     * @throws CorruptSegmentException when the tail is short, the magic, CRC, version or
     *                                 flags are wrong, or the footer fields are impossible
     */
    public static SegmentTrailer readTrailer(ByteBuffer tail) {
        if (tail.remaining() < TRAILER_SIZE) {
            throw new CorruptSegmentException("Segment tail is " + tail.remaining() + " bytes, shorter than the "
                    + TRAILER_SIZE + "-byte trailer");
        }
        ByteBuffer t = tail.duplicate();
        t.position(t.limit() - TRAILER_SIZE);
        t = t.slice();
        for (int i = 0; i < MAGIC.length; i++) {
            if (t.get(TRAILER_MAGIC_OFFSET + i) != MAGIC[i]) {
                throw new CorruptSegmentException("Segment trailer magic is wrong; not a Tributary segment or truncated");
            }
        }
        int storedCrc = t.getInt(TRAILER_CRC_OFFSET);
        int actualCrc = crc32c(t, 0, TRAILER_CRC_OFFSET);
        if (storedCrc != actualCrc) {
            throw new CorruptSegmentException("Segment trailer CRC mismatch: stored " + Integer.toHexString(storedCrc)
                    + ", computed " + Integer.toHexString(actualCrc));
        }
        short version = t.getShort(TRAILER_VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new CorruptSegmentException("Unsupported segment format version " + version
                    + "; this reader supports " + FORMAT_VERSION);
        }
        short flags = t.getShort(TRAILER_FLAGS_OFFSET);
        if (flags != 0) {
            throw new CorruptSegmentException("Unknown segment flags 0x" + Integer.toHexString(flags & 0xffff));
        }
        long footerPosition = t.getLong(TRAILER_FOOTER_POSITION_OFFSET);
        int footerLength = t.getInt(TRAILER_FOOTER_LENGTH_OFFSET);
        if (footerPosition < 0 || footerPosition > Integer.MAX_VALUE) {
            throw new CorruptSegmentException("Segment footer position " + footerPosition + " is out of range");
        }
        if (footerLength < ENTRIES_OFFSET || (footerLength - ENTRIES_OFFSET) % FOOTER_ENTRY_SIZE != 0) {
            throw new CorruptSegmentException("Segment footer length " + footerLength
                    + " is not 4 + a multiple of " + FOOTER_ENTRY_SIZE);
        }
        return new SegmentTrailer(footerPosition, footerLength, t.getInt(TRAILER_FOOTER_CRC_OFFSET),
                t.getInt(TRAILER_DATA_CRC_OFFSET), version);
    }

    /**
     * Decodes the footer, {@code footerBytes} being exactly the trailer's footer range
     * (position to limit).
     *
     * @return chunks in object order
     * @throws CorruptSegmentException when the footer's size or CRC does not match the
     *                                 trailer or an entry breaks the format invariants
     */
    public static List<ChunkInfo> readFooter(ByteBuffer footerBytes, SegmentTrailer trailer) {
        ByteBuffer f = footerBytes.slice();
        if (f.remaining() != trailer.footerLength()) {
            throw new CorruptSegmentException("Segment footer is " + f.remaining() + " bytes, trailer says "
                    + trailer.footerLength());
        }
        int actualCrc = crc32c(f, 0, f.remaining());
        if (actualCrc != trailer.footerCrc()) {
            throw new CorruptSegmentException("Segment footer CRC mismatch: stored "
                    + Integer.toHexString(trailer.footerCrc()) + ", computed " + Integer.toHexString(actualCrc));
        }
        int count = f.getInt(ENTRY_COUNT_OFFSET);
        if ((long) count * FOOTER_ENTRY_SIZE + ENTRIES_OFFSET != f.remaining()) {
            throw new CorruptSegmentException("Segment footer declares " + count + " entries but is "
                    + f.remaining() + " bytes");
        }
        List<ChunkInfo> chunks = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        long expectedPosition = 0;
        for (int i = 0; i < count; i++) {
            int base = ENTRIES_OFFSET + i * FOOTER_ENTRY_SIZE;
            ChunkInfo chunk = new ChunkInfo(
                    new UUID(f.getLong(base + ENTRY_TOPIC_ID_MSB_OFFSET), f.getLong(base + ENTRY_TOPIC_ID_LSB_OFFSET)),
                    f.getInt(base + ENTRY_PARTITION_OFFSET),
                    f.getLong(base + ENTRY_POSITION_OFFSET),
                    f.getInt(base + ENTRY_LENGTH_OFFSET),
                    f.getInt(base + ENTRY_RECORD_COUNT_OFFSET),
                    f.getInt(base + ENTRY_BATCH_COUNT_OFFSET),
                    f.getLong(base + ENTRY_FIRST_TIMESTAMP_OFFSET),
                    f.getLong(base + ENTRY_MAX_TIMESTAMP_OFFSET));
            checkEntry(i, chunk, expectedPosition);
            if (!seen.add(chunk.topicId() + "/" + chunk.partition())) {
                throw new CorruptSegmentException("Segment footer entry " + i + " repeats " + chunk.topicId()
                        + "/" + chunk.partition());
            }
            chunks.add(chunk);
            expectedPosition = chunk.end();
        }
        if (expectedPosition != trailer.footerPosition()) {
            throw new CorruptSegmentException("Segment chunks end at " + expectedPosition
                    + " but the footer starts at " + trailer.footerPosition());
        }
        return List.copyOf(chunks);
    }

    /**
     * Reads and checks the index of a whole segment object, including {@code dataCrc}
     * over every chunk byte.
     *
     * @throws CorruptSegmentException on any damage or truncation
     */
    public static List<ChunkInfo> readIndex(byte[] segment) {
        ByteBuffer whole = ByteBuffer.wrap(segment);
        SegmentTrailer trailer = readTrailer(whole);
        if (trailer.segmentSize() != segment.length) {
            throw new CorruptSegmentException("Segment is " + segment.length + " bytes but its trailer describes "
                    + trailer.segmentSize());
        }
        int footerPosition = (int) trailer.footerPosition();
        List<ChunkInfo> chunks = readFooter(
                ByteBuffer.wrap(segment, footerPosition, trailer.footerLength()), trailer);
        CRC32C crc = new CRC32C();
        crc.update(segment, 0, footerPosition);
        if ((int) crc.getValue() != trailer.dataCrc()) {
            throw new CorruptSegmentException("Segment data CRC mismatch: stored "
                    + Integer.toHexString(trailer.dataCrc()) + ", computed " + Long.toHexString(crc.getValue()));
        }
        return chunks;
    }

    /**
     * A view (sharing the array; do not write through it) of one chunk of a whole segment object, for
     * {@link RecordBatches#decode}.
     *
     * @throws CorruptSegmentException when the chunk range lies outside the object
     */
    public static ByteBuffer chunk(byte[] segment, ChunkInfo chunk) {
        if (chunk.position() < 0 || chunk.length() <= 0
                || chunk.end() > segment.length - (long) TRAILER_SIZE) {
            throw new CorruptSegmentException("Chunk range [" + chunk.position() + ", " + chunk.end()
                    + ") lies outside the " + segment.length + "-byte segment's data");
        }
        return ByteBuffer.wrap(segment, (int) chunk.position(), chunk.length()).slice();
    }

    private static void checkEntry(int index, ChunkInfo chunk, long expectedPosition) {
        String problem = null;
        if (chunk.partition() < 0) {
            problem = "negative partition " + chunk.partition();
        } else if (chunk.position() != expectedPosition) {
            problem = "position " + chunk.position() + ", expected " + expectedPosition + " (chunks are contiguous)";
        } else if (chunk.length() < RecordBatches.BATCH_HEADER_SIZE) {
            problem = "length " + chunk.length() + " is smaller than one batch";
        } else if (chunk.recordCount() <= 0) {
            problem = "record count " + chunk.recordCount();
        } else if (chunk.batchCount() <= 0 || chunk.batchCount() > chunk.recordCount()) {
            problem = "batch count " + chunk.batchCount() + " for " + chunk.recordCount() + " records";
        } else if ((long) chunk.batchCount() * RecordBatches.BATCH_HEADER_SIZE > chunk.length()) {
            problem = "batch count " + chunk.batchCount() + " cannot fit in " + chunk.length() + " bytes";
        } else if (chunk.firstTimestampMs() > chunk.maxTimestampMs()) {
            problem = "first timestamp " + chunk.firstTimestampMs() + " after max timestamp " + chunk.maxTimestampMs();
        }
        if (problem != null) {
            throw new CorruptSegmentException("Segment footer entry " + index + " (" + chunk.topicId() + "/"
                    + chunk.partition() + "): " + problem);
        }
    }

    static int crc32c(ByteBuffer buffer, int offset, int length) {
        ByteBuffer range = buffer.duplicate();
        range.limit(offset + length).position(offset);
        CRC32C crc = new CRC32C();
        crc.update(range);
        return (int) crc.getValue();
    }
}
