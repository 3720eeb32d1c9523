package dev.tributary.core.format;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

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
 * <p>Offsets: a batch spans {@code lastOffsetDelta + 1} offsets and each record sits at the
 * batch's base offset plus its offset delta. Producers' batches are dense (delta = index,
 * {@code lastOffsetDelta = recordCount - 1}); compacted batches written by maintenance keep
 * their records' original deltas and span, with gaps where records were removed, as Kafka's
 * cleaner leaves them. The {@code expectedRecordCount} of the methods below is the number of
 * offsets the bytes span.
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
    public static final int CRC_OFFSET = MAGIC_OFFSET + 1;
    public static final int ATTRIBUTES_OFFSET = CRC_OFFSET + 4;
    public static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + 2;
    public static final int BASE_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + 4;
    public static final int MAX_TIMESTAMP_OFFSET = BASE_TIMESTAMP_OFFSET + 8;
    public static final int PRODUCER_ID_OFFSET = MAX_TIMESTAMP_OFFSET + 8;
    public static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + 8;
    public static final int BASE_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + 2;
    public static final int RECORDS_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + 4;
    public static final int RECORDS_OFFSET = RECORDS_COUNT_OFFSET + 4;
    /** Size of the fixed batch header, which is also the smallest possible batch. */
    public static final int BATCH_HEADER_SIZE = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
    /**
     * The most one batch's records may expand to when read back. Produce limits are at most
     * this, so only bytes that never went through produce validation can exceed it; such a
     * batch is reported corrupt rather than inflated.
     */
    public static final long MAX_DECOMPRESSED_BATCH_BYTES = 64L * 1024 * 1024;

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
     * Checks one batch with a budget of {@link #MAX_DECOMPRESSED_BATCH_BYTES}; see
     * {@link #validate(ByteBuffer, int, DecompressionBudget)}.
     */
    public static BatchSummary validate(ByteBuffer batch, int maxRecordBytes) {
        return validate(batch, maxRecordBytes, new DecompressionBudget(MAX_DECOMPRESSED_BATCH_BYTES));
    }

    /**
     * Checks that {@code batch} (from position to limit) is exactly one well-formed batch
     * Tributary accepts from a producer, decompressing and decoding every record strictly
     * (see {@link StrictBatchReader}): negative key, value or header lengths, header keys that
     * are not UTF-8, bytes after the last record and control batches are all refused.
     *
     * @param maxRecordBytes limit on one record's key + value + header keys and values
     * @param budget         decompressed bytes this batch may use, shared with the other
     *                       batches of the same request; this batch's use is taken from it
     * @throws CorruptSegmentException when the bytes are damaged or inconsistent
     * @throws ApiException            INVALID_REQUEST for an unacceptable batch,
     *                                 RECORD_TOO_LARGE for an oversized record,
     *                                 REQUEST_TOO_LARGE when the budget runs out
     */
    public static BatchSummary validate(ByteBuffer batch, int maxRecordBytes, DecompressionBudget budget) {
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
        if (kafkaBatch.isControlBatch()) {
            throw invalid("Control batches (transaction markers) are not accepted from producers");
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
        if (buf.getInt(LAST_OFFSET_DELTA_OFFSET) != kafkaBatch.countOrNull() - 1) {
            throw new CorruptSegmentException("Batch has " + kafkaBatch.countOrNull() + " records but last offset delta "
                    + buf.getInt(LAST_OFFSET_DELTA_OFFSET));
        }
        Compression compression = compressionOf(kafkaBatch);
        int count = kafkaBatch.countOrNull();

        long firstTimestamp = RecordBatch.NO_TIMESTAMP;
        long maxTimestamp = Long.MIN_VALUE;
        int index = 0;
        try (StrictBatchReader reader = new StrictBatchReader(buf, compression, budget.remaining(), false)) {
            try {
                while (reader.hasNext()) {
                    StrictBatchReader.RawRecord record = reader.next();
                    long recordBytes = record.payloadBytes();
                    if (recordBytes > maxRecordBytes) {
                        throw new ApiException(ErrorCode.RECORD_TOO_LARGE, "Record " + index + " is " + recordBytes
                                + " bytes (key + value + headers), above the limit of " + maxRecordBytes)
                                .with("recordIndex", index)
                                .with("recordBytes", recordBytes)
                                .with("maxRecordBytes", maxRecordBytes);
                    }
                    if (index == 0) {
                        firstTimestamp = record.timestampMs();
                    }
                    maxTimestamp = Math.max(maxTimestamp, record.timestampMs());
                    index++;
                }
                reader.finish();
            } catch (StrictBatchReader.DecompressionLimitException e) {
                throw budget.exceeded();
            }
            budget.consume(reader.decompressedBytes());
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
        int[] handed = {0};
        scan(batches, baseOffset, expectedRecordCount, baseOffset, r -> {
            action.accept(r);
            handed[0]++;
            return true;
        });
        return handed[0];
    }

    /**
     * Decodes a chunk lazily: batches whose records all lie before {@code fromOffset} are
     * skipped without being decompressed, and decoding stops as soon as {@code sink} returns
     * false, so a reader that wants ten records never inflates a whole large batch. Each
     * batch may expand to at most {@link #MAX_DECOMPRESSED_BATCH_BYTES}. Structure, CRCs and
     * the record total are checked before the first record is handed out.
     *
     * @param sink receives records at or after {@code fromOffset}, in order; false stops the scan
     * @return true if the scan reached the end of the chunk, false if {@code sink} stopped it
     * @throws CorruptSegmentException for damaged bytes, including a batch that expands past
     *                                 the limit; records handed out before it stay valid
     */
    public static boolean scan(ByteBuffer batches, long baseOffset, int expectedRecordCount, long fromOffset,
                               Predicate<? super LogRecord> sink) {
        Objects.requireNonNull(sink, "sink");
        ByteBuffer chunk = batches.slice();
        List<MutableRecordBatch> parsed = checkedChunk(chunk, expectedRecordCount);
        long nextOffset = baseOffset;
        int position = 0;
        for (MutableRecordBatch batch : parsed) {
            int count = span(batch);
            int batchPosition = position;
            position += batch.sizeInBytes();
            if (nextOffset + count <= fromOffset) {
                nextOffset += count;
                continue;
            }
            ByteBuffer bytes = chunk.duplicate();
            bytes.position(batchPosition).limit(batchPosition + batch.sizeInBytes());
            try (StrictBatchReader reader = new StrictBatchReader(bytes.slice(), compressionOf(batch),
                    MAX_DECOMPRESSED_BATCH_BYTES)) {
                for (int index = 0; reader.hasNext(); index++) {
                    StrictBatchReader.RawRecord raw;
                    try {
                        raw = reader.next();
                    } catch (StrictBatchReader.DecompressionLimitException e) {
                        throw new CorruptSegmentException("Batch at offset " + nextOffset + ": " + e.getMessage());
                    }
                    long offset = nextOffset + raw.offsetDelta();
                    if (offset >= fromOffset && !sink.test(new LogRecord(offset, raw.timestampMs(), raw.key(),
                            raw.value(), raw.headers()))) {
                        return false;
                    }
                }
            }
            nextOffset += count;
        }
        return true;
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
            int count = span(batch);
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
            total += span(batch);
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
        if (lastOffsetDelta < count - 1) {
            throw new CorruptSegmentException("Batch at byte " + position + " has " + count
                    + " records but last offset delta " + lastOffsetDelta);
        }
        return batch;
    }

    /** Offsets a checked batch spans: its last offset delta + 1 (its record count unless compacted). */
    private static int span(MutableRecordBatch batch) {
        return (int) (batch.lastOffset() - batch.baseOffset() + 1);
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

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }
}
