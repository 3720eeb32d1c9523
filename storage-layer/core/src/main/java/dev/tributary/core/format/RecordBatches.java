package dev.tributary.core.format;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.apache.kafka.common.utils.Utils;

/**
 * Builds, validates and decodes record batches: Kafka RecordBatch v2 bytes, produced
 * and parsed with {@code kafka-clients}.
 *
 * <p>Batch layout (Kafka's {@code DefaultRecordBatch}; all integers big-endian):
 * <pre>
 *  offset  size  field
 *       0     8  baseOffset            always 0 as written; not covered by the CRC
 *       8     4  length                bytes after this field (batch size - 12)
 *      12     4  partitionLeaderEpoch  not covered by the CRC; unused by Tributary
 *      16     1  magic                 2
 *      17     4  crc                   CRC-32C of bytes [21, end)
 *      21     2  attributes            bits 0-2 compression, 3 timestamp type,
 *                                      4 transactional, 5 control
 *      23     4  lastOffsetDelta       recordCount - 1
 *      27     8  baseTimestamp
 *      35     8  maxTimestamp
 *      43     8  producerId            -1 when the batch has no producer
 *      51     2  producerEpoch
 *      53     4  baseSequence
 *      57     4  recordCount
 *      61     *  records, compressed as a whole when compression != none
 * </pre>
 * Each record is: length varint, attributes int8, timestampDelta varlong,
 * offsetDelta varint, key (length varint, -1 for null), value (likewise), header
 * count varint, headers (key length varint + UTF-8 key, value length varint + value).
 *
 * <p>Batches are written with base offset 0. Because the CRC deliberately excludes the
 * base offset, a batch can be stored as received and its real offsets assigned when it
 * is committed: the decoder computes absolute offsets from the base offset it is given
 * and ignores the stored field, and {@link #assignOffsets} writes the real base offsets
 * into a copy when Kafka-compatible bytes are needed. For the same reason a damaged
 * baseOffset or partitionLeaderEpoch field is not detected here; neither affects the
 * decoded records.
 *
 * <p>Error reporting: damage (bad sizes, magic, CRC, undecodable records) raises
 * {@link CorruptSegmentException}; a well-formed batch that Tributary does not accept
 * (transactional, control, non-zero base offset, empty, LogAppendTime, Snappy) raises
 * {@link ApiException} with {@link ErrorCode#INVALID_REQUEST}; an oversized record
 * raises {@link ErrorCode#RECORD_TOO_LARGE}. No other exception escapes for bad input.
 *
 * <p>Stateless and thread-safe. No method modifies the buffer it is given (position,
 * limit or content).
 */
public final class RecordBatches {
    /** Bytes before the {@code length} field's coverage starts: baseOffset + length. */
    public static final int LOG_OVERHEAD = 12;
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = LENGTH_OFFSET + 4;
    public static final int MAGIC_OFFSET = PARTITION_LEADER_EPOCH_OFFSET + 4;
    /** Size of the fixed batch header, which is also the smallest possible batch. */
    public static final int BATCH_HEADER_SIZE = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;

    private RecordBatches() {
    }

    /** One batch without producer state; see {@link #build(List, Compression, long, short, int)}. */
    public static ByteBuffer build(List<RecordDraft> records, Compression compression) {
        return build(records, compression, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE);
    }

    /**
     * Encodes records as one RecordBatch v2 with base offset 0.
     *
     * @param producerId    producer id, or -1 (with epoch -1 and sequence -1) for none
     * @return the batch, position 0 and limit at its end
     * @throws IllegalArgumentException when {@code records} is empty or a timestamp is negative
     */
    public static ByteBuffer build(List<RecordDraft> records, Compression compression, long producerId,
                                   short producerEpoch, int baseSequence) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("A record batch needs at least one record");
        }
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, producerId, producerEpoch, baseSequence);
        for (RecordDraft record : records) {
            builder.append(record);
        }
        return builder.build();
    }

    /**
     * Checks that {@code batch} (from position to limit) is exactly one well-formed batch
     * Tributary accepts from a producer, decompressing and decoding every record.
     *
     * @param maxRecordBytes limit on one record's key + value + header keys and values
     * @throws CorruptSegmentException when the bytes are damaged or inconsistent
     * @throws ApiException            INVALID_REQUEST for an unacceptable batch,
     *                                 RECORD_TOO_LARGE for an oversized record
     */
    public static BatchSummary validate(ByteBuffer batch, int maxRecordBytes) {
        ByteBuffer buf = batch.slice();
        int size = buf.remaining();
        if (size < BATCH_HEADER_SIZE) {
            throw new CorruptSegmentException("Batch is " + size + " bytes, shorter than the "
                    + BATCH_HEADER_SIZE + "-byte batch header");
        }
        MutableRecordBatch kafkaBatch = checkedBatchAt(buf, 0);
        if (kafkaBatch.sizeInBytes() != size) {
            throw new CorruptSegmentException("Batch length field gives " + kafkaBatch.sizeInBytes()
                    + " bytes but " + size + " were supplied; exactly one batch is expected");
        }
        if (kafkaBatch.isTransactional()) {
            throw invalid("Transactional batches are not supported");
        }
        if (kafkaBatch.timestampType() != TimestampType.CREATE_TIME) {
            throw invalid("Batch timestamp type must be CreateTime, got " + kafkaBatch.timestampType());
        }
        if (kafkaBatch.baseOffset() != 0) {
            throw invalid("Batch base offset must be 0, got " + kafkaBatch.baseOffset());
        }
        Compression compression = compressionOf(kafkaBatch);
        int count = kafkaBatch.countOrNull();

        long firstTimestamp = RecordBatch.NO_TIMESTAMP;
        long maxTimestamp = Long.MIN_VALUE;
        int index = 0;
        try (CloseableIterator<Record> it = kafkaBatch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                Record record = it.next();
                if (record.offset() != index) {
                    throw new CorruptSegmentException("Record " + index + " has offset delta " + record.offset());
                }
                long recordBytes = recordBytes(record);
                if (recordBytes > maxRecordBytes) {
                    throw new ApiException(ErrorCode.RECORD_TOO_LARGE, "Record " + index + " is " + recordBytes
                            + " bytes (key + value + headers), above the limit of " + maxRecordBytes)
                            .with("recordIndex", index)
                            .with("recordBytes", recordBytes)
                            .with("maxRecordBytes", maxRecordBytes);
                }
                if (index == 0) {
                    firstTimestamp = record.timestamp();
                }
                maxTimestamp = Math.max(maxTimestamp, record.timestamp());
                index++;
            }
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptSegmentException("Record " + index + " of the batch cannot be decoded: " + e.getMessage(), e);
        }
        if (index != count) {
            throw new CorruptSegmentException("Batch declares " + count + " records but holds " + index);
        }
        if (kafkaBatch.maxTimestamp() != maxTimestamp) {
            throw new CorruptSegmentException("Batch maxTimestamp field is " + kafkaBatch.maxTimestamp()
                    + " but its records' largest timestamp is " + maxTimestamp);
        }
        return new BatchSummary(count, firstTimestamp, maxTimestamp, kafkaBatch.producerId(),
                kafkaBatch.producerEpoch(), kafkaBatch.baseSequence(), size, compression);
    }

    /**
     * Decodes a chunk: zero or more consecutive batches, the first record of which has
     * offset {@code baseOffset}. Offsets run on consecutively across batches.
     *
     * <p>All batch headers and CRCs and the total record count are checked before any
     * record is decoded.
     *
     * @throws CorruptSegmentException when any batch is damaged or the chunk does not
     *                                 hold exactly {@code expectedRecordCount} records
     */
    public static List<LogRecord> decode(ByteBuffer batches, long baseOffset, int expectedRecordCount) {
        List<LogRecord> records = new ArrayList<>(Math.max(0, expectedRecordCount));
        forEachRecord(batches, baseOffset, expectedRecordCount, records::add);
        return records;
    }

    /**
     * Like {@link #decode} but hands each record to {@code action} instead of building a
     * list. Every batch's structure and CRC and the total record count are checked before
     * the first record is handed out, so a damaged chunk normally fails before
     * {@code action} sees anything; only a batch whose CRC matches but whose records do not
     * decode (which {@link #validate} rules out on produce) can fail part way through.
     * Exceptions thrown by {@code action} propagate unchanged.
     *
     * @return the number of records handed to {@code action}
     * @throws CorruptSegmentException as for {@link #decode}
     */
    public static int forEachRecord(ByteBuffer batches, long baseOffset, int expectedRecordCount,
                                    Consumer<? super LogRecord> action) {
        Objects.requireNonNull(action, "action");
        List<MutableRecordBatch> parsed = checkedChunk(batches.slice(), expectedRecordCount);
        long nextOffset = baseOffset;
        for (MutableRecordBatch batch : parsed) {
            int count = batch.countOrNull();
            int index = 0;
            try (CloseableIterator<Record> it = openIterator(batch)) {
                while (true) {
                    LogRecord record;
                    try {
                        if (!it.hasNext()) {
                            break;
                        }
                        record = toLogRecord(it.next(), batch.baseOffset(), index, nextOffset + index);
                    } catch (CorruptSegmentException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw new CorruptSegmentException("Record " + index + " of the batch at offset "
                                + nextOffset + " cannot be decoded: " + e.getMessage(), e);
                    }
                    action.accept(record);
                    index++;
                }
            }
            if (index != count) {
                throw new CorruptSegmentException("Batch at offset " + nextOffset + " declares " + count
                        + " records but holds " + index);
            }
            nextOffset += count;
        }
        return (int) (nextOffset - baseOffset);
    }

    /**
     * Returns a copy of a chunk with each batch's base offset field set to its real
     * value, so the bytes can be served as Kafka record batches. CRCs stay valid because
     * they do not cover the base offset.
     *
     * @throws CorruptSegmentException as for {@link #decode}
     */
    public static ByteBuffer assignOffsets(ByteBuffer batches, long baseOffset, int expectedRecordCount) {
        ByteBuffer copy = ByteBuffer.allocate(batches.remaining());
        copy.put(batches.duplicate()).flip();
        long nextOffset = baseOffset;
        for (MutableRecordBatch batch : checkedChunk(copy.duplicate(), expectedRecordCount)) {
            int count = batch.countOrNull();
            batch.setLastOffset(nextOffset + count - 1);
            nextOffset += count;
        }
        return copy;
    }

    /**
     * Counts the batches in a chunk after checking it as {@link #decode} does, without
     * decoding records.
     */
    public static int countBatches(ByteBuffer batches, int expectedRecordCount) {
        return checkedChunk(batches.slice(), expectedRecordCount).size();
    }

    private static CloseableIterator<Record> openIterator(MutableRecordBatch batch) {
        try {
            return batch.streamingIterator(BufferSupplier.NO_CACHING);
        } catch (RuntimeException e) {
            throw new CorruptSegmentException("Batch records cannot be read: " + e.getMessage(), e);
        }
    }

    /** Walks a chunk (position 0 to limit), checking every batch and the record total. */
    private static List<MutableRecordBatch> checkedChunk(ByteBuffer chunk, int expectedRecordCount) {
        if (expectedRecordCount < 0) {
            throw new IllegalArgumentException("expectedRecordCount must be >= 0, got " + expectedRecordCount);
        }
        List<MutableRecordBatch> batches = new ArrayList<>();
        long total = 0;
        int position = 0;
        while (position < chunk.limit()) {
            MutableRecordBatch batch = checkedBatchAt(chunk, position);
            if (batch.isControlBatch()) {
                throw new CorruptSegmentException("Control batch at byte " + position + " of the chunk");
            }
            compressionOf(batch);
            total += batch.countOrNull();
            if (total > expectedRecordCount) {
                throw new CorruptSegmentException("Chunk holds more than the expected " + expectedRecordCount
                        + " records");
            }
            batches.add(batch);
            position += batch.sizeInBytes();
        }
        if (total != expectedRecordCount) {
            throw new CorruptSegmentException("Chunk holds " + total + " records, expected " + expectedRecordCount);
        }
        return batches;
    }

    /**
     * Checks the header and CRC of the batch starting at {@code position} and returns a
     * Kafka view of exactly its bytes. Sizes are checked here rather than left to
     * kafka-clients, whose log reader silently stops at a truncated batch.
     */
    private static MutableRecordBatch checkedBatchAt(ByteBuffer buf, int position) {
        int available = buf.limit() - position;
        if (available < BATCH_HEADER_SIZE) {
            throw new CorruptSegmentException("Truncated batch at byte " + position + ": " + available
                    + " bytes left, the batch header alone is " + BATCH_HEADER_SIZE);
        }
        byte magic = buf.get(position + MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC_VALUE_V2) {
            throw new CorruptSegmentException("Batch at byte " + position + " has magic " + magic + ", expected 2");
        }
        long batchSize = buf.getInt(position + LENGTH_OFFSET) + (long) LOG_OVERHEAD;
        if (batchSize < BATCH_HEADER_SIZE || batchSize > available) {
            throw new CorruptSegmentException("Batch at byte " + position + " claims " + batchSize
                    + " bytes; between " + BATCH_HEADER_SIZE + " and " + available + " expected");
        }
        ByteBuffer bytes = buf.duplicate();
        bytes.position(position).limit(position + (int) batchSize);
        MutableRecordBatch batch = MemoryRecords.readableRecords(bytes.slice()).batches().iterator().next();
        try {
            batch.ensureValid();
        } catch (RuntimeException e) {
            throw new CorruptSegmentException("Batch at byte " + position + " failed its CRC check: " + e.getMessage(), e);
        }
        int count = batch.countOrNull();
        int lastOffsetDelta = buf.getInt(position + DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET);
        if (count <= 0) {
            throw new CorruptSegmentException("Batch at byte " + position + " has record count " + count);
        }
        if (lastOffsetDelta != count - 1) {
            throw new CorruptSegmentException("Batch at byte " + position + " has " + count
                    + " records but last offset delta " + lastOffsetDelta);
        }
        return batch;
    }

    private static Compression compressionOf(RecordBatch batch) {
        CompressionType type;
        try {
            type = batch.compressionType();
        } catch (IllegalArgumentException e) {
            throw new CorruptSegmentException("Batch declares an unknown compression codec", e);
        }
        try {
            return Compression.fromKafka(type);
        } catch (IllegalArgumentException e) {
            throw invalid("Batch compression " + type.name + " is not supported; use none, gzip, lz4 or zstd");
        }
    }

    private static LogRecord toLogRecord(Record record, long storedBaseOffset, int index, long offset) {
        long delta = record.offset() - storedBaseOffset;
        if (delta != index) {
            throw new CorruptSegmentException("Record " + index + " of the batch at offset " + (offset - index)
                    + " has offset delta " + delta);
        }
        Header[] kafkaHeaders = record.headers();
        List<RecordHeader> headers;
        if (kafkaHeaders.length == 0) {
            headers = List.of();
        } else {
            headers = new ArrayList<>(kafkaHeaders.length);
            for (Header h : kafkaHeaders) {
                headers.add(new RecordHeader(h.key(), h.value()));
            }
        }
        return new LogRecord(offset, record.timestamp(), toArray(record.key()), toArray(record.value()), headers);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        return buffer == null ? null : Utils.toArray(buffer);
    }

    private static long recordBytes(Record record) {
        long bytes = Math.max(0, record.keySize()) + (long) Math.max(0, record.valueSize());
        for (Header h : record.headers()) {
            bytes += h.key().getBytes(StandardCharsets.UTF_8).length;
            if (h.value() != null) {
                bytes += h.value().length;
            }
        }
        return bytes;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }
}
