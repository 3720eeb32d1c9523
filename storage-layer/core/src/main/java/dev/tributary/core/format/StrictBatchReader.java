package dev.tributary.core.format;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Reads the records of one CRC-checked batch one at a time, decompressing only as far as
 * the records asked for, and refusing anything a lenient decoder would silently reinterpret.
 *
 * <p>Why not Kafka's record iterator: it allocates whatever a record's length varint
 * claims before reading it (a few bytes of gzip can claim gigabytes), turns a negative key
 * or value length into {@code null}, and replaces malformed UTF-8 in header keys. This
 * reader keeps Kafka's decompression streams but parses each record itself:
 * <ul>
 *   <li>decompressed bytes are counted against a budget before any buffer is allocated;
 *       crossing it raises {@link DecompressionLimitException};</li>
 *   <li>key and value lengths must be {@code -1} (null) or {@code >= 0}, header counts and
 *       header key lengths {@code >= 0}, header keys valid UTF-8;</li>
 *   <li>each record must fill exactly the length it declares, offset deltas must run
 *       0, 1, 2, ..., and {@link #finish()} checks nothing follows the last record.</li>
 * </ul>
 * Damage raises {@link CorruptSegmentException}. Not thread-safe: one reader per batch.
 */
final class StrictBatchReader implements AutoCloseable {
    /** The decompressing stream, or null for an uncompressed batch, read in place from {@link #plain}. */
    private final InputStream in;
    private final ByteBuffer plain;
    private final boolean copyPayload;
    private final long baseTimestamp;
    private final int count;
    private final long maxDecompressedBytes;
    private long decompressedBytes;
    private int index;
    private final boolean allowGaps;
    private final int lastOffsetDelta;
    private int previousDelta = -1;

    /**
     * @param batch                the whole batch (header included), CRC already checked
     * @param maxDecompressedBytes limit on the bytes the records section may expand to
     */
    StrictBatchReader(ByteBuffer batch, Compression compression, long maxDecompressedBytes) {
        this(batch, compression, maxDecompressedBytes, true, true);
    }

    /**
     * A reader of a batch from a producer: keys and values are checked and measured but not
     * copied ({@code copyPayload} false: they come back as null), and offsets must be dense.
     */
    StrictBatchReader(ByteBuffer batch, Compression compression, long maxDecompressedBytes, boolean copyPayload) {
        this(batch, compression, maxDecompressedBytes, copyPayload, false);
    }

    /**
     * @param allowGaps whether records may skip offset deltas (a compacted batch: deltas increase
     *                  and stay within the batch's last offset delta); else delta = index
     */
    StrictBatchReader(ByteBuffer batch, Compression compression, long maxDecompressedBytes, boolean copyPayload,
                      boolean allowGaps) {
        this.copyPayload = copyPayload;
        this.allowGaps = allowGaps;
        this.lastOffsetDelta = batch.getInt(RecordBatches.LAST_OFFSET_DELTA_OFFSET);
        this.baseTimestamp = batch.getLong(RecordBatches.BASE_TIMESTAMP_OFFSET);
        this.count = batch.getInt(RecordBatches.RECORDS_COUNT_OFFSET);
        this.maxDecompressedBytes = maxDecompressedBytes;
        ByteBuffer records = batch.duplicate();
        records.position(RecordBatches.RECORDS_OFFSET);
        if (compression == Compression.NONE) {
            this.plain = records.slice();
            this.in = null;
            return;
        }
        this.plain = null;
        try {
            this.in = compression.kafkaCompression().wrapForInput(records.slice(), RecordBatch.MAGIC_VALUE_V2,
                    BufferSupplier.NO_CACHING);
        } catch (RuntimeException e) {
            throw new CorruptSegmentException("Batch records cannot be decompressed: " + e.getMessage(), e);
        }
    }

    /** A decoded record before absolute offsets are assigned. */
    /** {@code payloadBytes}: key + value + header keys and values, as produce limits count them. */
    /** {@code offsetDelta}: the record's offset minus the batch's base offset. */
    record RawRecord(long timestampMs, int offsetDelta, byte[] key, byte[] value, List<RecordHeader> headers,
                     long payloadBytes) {
    }

    int count() {
        return count;
    }

    boolean hasNext() {
        return index < count;
    }

    /** Bytes decompressed so far (the records section's size for an uncompressed batch). */
    long decompressedBytes() {
        return decompressedBytes;
    }

    RawRecord next() {
        int length = readLengthVarint();
        if (length <= 0) {
            throw corrupt("declares length " + length);
        }
        take(length);
        ByteBuffer buf;
        if (plain != null) {
            if (length > plain.remaining()) {
                throw corrupt("declares " + length + " bytes but " + plain.remaining() + " remain");
            }
            buf = plain.slice();
            buf.limit(length);
            plain.position(plain.position() + length);
        } else {
            byte[] body = new byte[length];
            readFully(body);
            buf = ByteBuffer.wrap(body);
        }
        try {
            buf.get(); // attributes: unused in v2
            long timestampDelta = ByteUtils.readVarlong(buf);
            int offsetDelta = ByteUtils.readVarint(buf);
            if (allowGaps ? offsetDelta <= previousDelta || offsetDelta > lastOffsetDelta : offsetDelta != index) {
                throw corrupt("has offset delta " + offsetDelta);
            }
            previousDelta = offsetDelta;
            long payload = 0;
            int keyLength = length(buf, "key");
            byte[] key = payload(buf, keyLength);
            payload += Math.max(0, keyLength);
            int valueLength = length(buf, "value");
            byte[] value = payload(buf, valueLength);
            payload += Math.max(0, valueLength);
            int headerCount = ByteUtils.readVarint(buf);
            if (headerCount < 0 || headerCount > buf.remaining()) {
                throw corrupt("declares " + headerCount + " headers");
            }
            List<RecordHeader> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
            for (int h = 0; h < headerCount; h++) {
                int headerKeyLength = ByteUtils.readVarint(buf);
                if (headerKeyLength < 0 || headerKeyLength > buf.remaining()) {
                    throw corrupt("has a header key length of " + headerKeyLength);
                }
                String headerKey = utf8(buf, headerKeyLength);
                int headerValueLength = length(buf, "header value");
                headers.add(new RecordHeader(headerKey, copy(buf, headerValueLength)));
                payload += headerKeyLength + Math.max(0, headerValueLength);
            }
            if (buf.hasRemaining()) {
                throw corrupt("has " + buf.remaining() + " bytes after its last field");
            }
            index++;
            return new RawRecord(baseTimestamp + timestampDelta, offsetDelta, key, value, headers, payload);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt("is truncated or malformed: " + e.getMessage());
        }
    }

    /** After the last record: checks that the records section holds nothing more. */
    void finish() {
        if (plain != null) {
            if (plain.hasRemaining()) {
                throw new CorruptSegmentException("Batch holds data after its " + count + " records");
            }
            return;
        }
        try {
            if (in.read() != -1) {
                throw new CorruptSegmentException("Batch holds data after its " + count + " records");
            }
        } catch (IOException e) {
            throw new CorruptSegmentException("Batch records cannot be decompressed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // Nothing is held but memory.
        }
    }

    private void take(long bytes) {
        decompressedBytes += bytes;
        if (decompressedBytes > maxDecompressedBytes) {
            throw new DecompressionLimitException(maxDecompressedBytes);
        }
    }

    /** A length field: -1 (null) or 0 to what is left of the record. */
    private int length(ByteBuffer buf, String field) {
        int length = ByteUtils.readVarint(buf);
        if (length < -1 || length > buf.remaining()) {
            throw corrupt("has a " + field + " length of " + length);
        }
        return length;
    }

    /** Key or value bytes, or null when not copying (validation only needs their size). */
    private byte[] payload(ByteBuffer buf, int length) {
        if (!copyPayload && length >= 0) {
            buf.position(buf.position() + length);
            return null;
        }
        return copy(buf, length);
    }

    private static byte[] copy(ByteBuffer buf, int length) {
        if (length < 0) {
            return null;
        }
        byte[] out = new byte[length];
        buf.get(out);
        return out;
    }

    private String utf8(ByteBuffer buf, int length) {
        ByteBuffer slice = buf.slice();
        slice.limit(length);
        buf.position(buf.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw corrupt("has a header key that is not valid UTF-8");
        }
    }

    /** The zig-zag varint before each record, read byte by byte so EOF is told apart. */
    private int readLengthVarint() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = read();
            take(1);
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw corrupt("has a length varint longer than 5 bytes");
    }

    private int read() {
        if (plain != null) {
            if (!plain.hasRemaining()) {
                throw corrupt("cannot be read: end of the records section");
            }
            return plain.get() & 0xff;
        }
        try {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("end of the records section");
            }
            return b;
        } catch (IOException e) {
            throw corrupt("cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw corrupt("cannot be decompressed: " + e.getMessage());
        }
    }

    private void readFully(byte[] into) {
        try {
            int done = 0;
            while (done < into.length) {
                int n = in.read(into, done, into.length - done);
                if (n < 0) {
                    throw new EOFException("end of the records section");
                }
                done += n;
            }
        } catch (IOException e) {
            throw corrupt("cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw corrupt("cannot be decompressed: " + e.getMessage());
        }
    }

    private CorruptSegmentException corrupt(String what) {
        return new CorruptSegmentException("Record " + index + " of the batch " + what);
    }

    /** The records section expands beyond the allowed size. */
    static final class DecompressionLimitException extends RuntimeException {
        final long limit;

        DecompressionLimitException(long limit) {
            super("The batch's records expand to more than " + limit + " bytes", null, false, false);
            this.limit = limit;
        }
    }
}
