package dev.tributary.core.wire;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the body of a produce request sent with content type
 * {@value #MEDIA_TYPE}: record batches for several partitions of one topic.
 *
 * <p>Body layout, version 1 (integers big-endian):
 * <pre>
 *  offset  size  field
 *       0     4  magic        MAGIC_OFFSET        ASCII "TRBP"
 *       4     2  version      VERSION_OFFSET      1
 *       6     2  flags        FLAGS_OFFSET        0; reserved, non-zero is rejected
 *       8     4  entryCount   ENTRY_COUNT_OFFSET
 *      12     *  entries      ENTRIES_OFFSET      entryCount times:
 *
 *  entry:
 *       0     4  partition    ENTRY_PARTITION_OFFSET     >= 0
 *       4     4  batchLength  ENTRY_BATCH_LENGTH_OFFSET  > 0
 *       8     *  batch        ENTRY_BATCH_OFFSET         one Kafka RecordBatch v2
 * </pre>
 * The body ends right after the last entry. The same partition may appear in several
 * entries; they are appended in body order. The codec checks only this framing; the
 * batches themselves are checked by {@code RecordBatches.validate}.
 *
 * <p>A malformed body raises {@link ApiException} with {@link ErrorCode#INVALID_REQUEST}
 * and a detail naming the problem and the byte position. Stateless and thread-safe.
 */
public final class ProduceRequestCodec {
    public static final String MEDIA_TYPE = "application/vnd.tributary.batches";
    public static final short VERSION = 1;
    private static final byte[] MAGIC = "TRBP".getBytes(StandardCharsets.US_ASCII);

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    public static final int FLAGS_OFFSET = VERSION_OFFSET + 2;
    public static final int ENTRY_COUNT_OFFSET = FLAGS_OFFSET + 2;
    public static final int ENTRIES_OFFSET = ENTRY_COUNT_OFFSET + 4;
    public static final int HEADER_SIZE = ENTRIES_OFFSET;

    public static final int ENTRY_PARTITION_OFFSET = 0;
    public static final int ENTRY_BATCH_LENGTH_OFFSET = ENTRY_PARTITION_OFFSET + 4;
    public static final int ENTRY_BATCH_OFFSET = ENTRY_BATCH_LENGTH_OFFSET + 4;
    public static final int ENTRY_HEADER_SIZE = ENTRY_BATCH_OFFSET;

    private ProduceRequestCodec() {
    }

    /** Exact size of the encoded body. */
    public static long encodedSize(List<PartitionBatch> entries) {
        long size = HEADER_SIZE;
        for (PartitionBatch e : entries) {
            size += ENTRY_HEADER_SIZE + e.batch().remaining();
        }
        return size;
    }

    /**
     * Encodes a body. Buffers are read from position to limit and left unchanged.
     *
     * @throws IllegalArgumentException when the body would exceed 2 GiB
     */
    public static byte[] encode(List<PartitionBatch> entries) {
        long size = encodedSize(entries);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Produce request body would be " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        encode(entries, out);
        return out.array();
    }

    /**
     * Encodes a body into {@code out} at its position, advancing it.
     *
     * @throws java.nio.BufferOverflowException when {@code out} has less than
     *                                          {@link #encodedSize} bytes remaining
     */
    public static void encode(List<PartitionBatch> entries, ByteBuffer out) {
        out.put(MAGIC).putShort(VERSION).putShort((short) 0).putInt(entries.size());
        for (PartitionBatch e : entries) {
            out.putInt(e.partition()).putInt(e.batch().remaining()).put(e.batch().duplicate());
        }
    }

    /** Encodes a body onto a stream, for example an HTTP request body. */
    public static void encode(List<PartitionBatch> entries, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeShort(VERSION);
        data.writeShort(0);
        data.writeInt(entries.size());
        byte[] scratch = null;
        for (PartitionBatch e : entries) {
            ByteBuffer batch = e.batch();
            data.writeInt(e.partition());
            data.writeInt(batch.remaining());
            if (batch.hasArray()) {
                data.write(batch.array(), batch.arrayOffset() + batch.position(), batch.remaining());
            } else {
                if (scratch == null || scratch.length < batch.remaining()) {
                    scratch = new byte[batch.remaining()];
                }
                batch.duplicate().get(scratch, 0, batch.remaining());
                data.write(scratch, 0, batch.remaining());
            }
        }
        data.flush();
    }

    /**
     * Decodes a body (position to limit) without copying: each returned batch is a view
     * sharing {@code body}'s bytes (array-backed when {@code body} is, so CRC checks and
     * record decoding take Kafka's fast array path; a read-only view made them many times
     * slower). Callers must not write through the views. {@code body} itself is left unchanged.
     *
     * @param maxEntries largest entry count accepted
     * @throws ApiException INVALID_REQUEST for a malformed body or too many entries
     */
    public static List<PartitionBatch> decode(ByteBuffer body, int maxEntries) {
        ByteBuffer b = body.slice();
        int size = b.remaining();
        if (size < HEADER_SIZE) {
            throw invalid("Produce body is " + size + " bytes, shorter than the " + HEADER_SIZE + "-byte header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(MAGIC_OFFSET + i) != MAGIC[i]) {
                throw invalid("Produce body does not start with magic \"TRBP\"; is the content type " + MEDIA_TYPE + "?");
            }
        }
        short version = b.getShort(VERSION_OFFSET);
        if (version != VERSION) {
            throw invalid("Unsupported produce body version " + version + "; supported: " + VERSION)
                    .with("supportedVersion", VERSION);
        }
        short flags = b.getShort(FLAGS_OFFSET);
        if (flags != 0) {
            throw invalid("Unknown produce body flags 0x" + Integer.toHexString(flags & 0xffff));
        }
        int count = b.getInt(ENTRY_COUNT_OFFSET);
        if (count < 0) {
            throw invalid("Negative entry count " + count);
        }
        if (count > maxEntries) {
            throw invalid("Produce body has " + count + " entries, more than the limit of " + maxEntries)
                    .with("maxEntries", maxEntries);
        }
        if ((long) count * ENTRY_HEADER_SIZE > size - HEADER_SIZE) {
            throw invalid("Produce body declares " + count + " entries but is only " + size + " bytes");
        }
        List<PartitionBatch> entries = new ArrayList<>(count);
        int position = ENTRIES_OFFSET;
        for (int i = 0; i < count; i++) {
            if (size - position < ENTRY_HEADER_SIZE) {
                throw invalid("Truncated entry " + i + " at byte " + position + ": header needs "
                        + ENTRY_HEADER_SIZE + " bytes, " + (size - position) + " left");
            }
            int partition = b.getInt(position + ENTRY_PARTITION_OFFSET);
            int length = b.getInt(position + ENTRY_BATCH_LENGTH_OFFSET);
            if (partition < 0) {
                throw invalid("Entry " + i + " at byte " + position + " has negative partition " + partition);
            }
            if (length <= 0) {
                throw invalid("Entry " + i + " at byte " + position + " has batch length " + length
                        + "; must be positive");
            }
            int batchStart = position + ENTRY_BATCH_OFFSET;
            if (length > size - batchStart) {
                throw invalid("Truncated entry " + i + " at byte " + position + ": batch length " + length
                        + " but " + (size - batchStart) + " bytes left");
            }
            ByteBuffer batch = b.duplicate();
            batch.position(batchStart).limit(batchStart + length);
            entries.add(new PartitionBatch(partition, batch.slice()));
            position = batchStart + length;
        }
        if (position != size) {
            throw invalid((size - position) + " unexpected bytes after the last entry at byte " + position);
        }
        return entries;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }
}
