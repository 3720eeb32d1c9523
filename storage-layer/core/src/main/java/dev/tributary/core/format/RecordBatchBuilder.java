package dev.tributary.core.format;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * Accumulates records one at a time into a single Kafka RecordBatch v2, for a
 * producer that fills a batch until a size bound.
 *
 * <p>The batch is written with base offset 0 and create-time timestamps; the log
 * assigns real offsets later without touching these bytes, because the batch CRC
 * does not cover the base offset (see {@link RecordBatches}).
 *
 * <p>Not thread-safe. Single use: after {@link #build()} no more records can be
 * appended. Records must have a timestamp {@code >= 0}.
 */
public final class RecordBatchBuilder {
    private static final int INITIAL_BUFFER_BYTES = 1024;
    private static final Header[] NO_HEADERS = new Header[0];

    private final MemoryRecordsBuilder builder;
    private final Compression compression;
    private ByteBuffer built;

    /** A builder for a batch without producer state (no idempotence). */
    public RecordBatchBuilder(Compression compression) {
        this(compression, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
    }

    /**
     * A builder for an idempotent batch; pass -1/-1/-1 for no producer.
     *
     * @param baseSequence sequence number of the first record this builder will hold
     */
    public RecordBatchBuilder(Compression compression, long producerId, short producerEpoch, int baseSequence) {
        this.compression = Objects.requireNonNull(compression, "compression");
        this.builder = MemoryRecords.builder(
                ByteBuffer.allocate(INITIAL_BUFFER_BYTES),
                RecordBatch.MAGIC_VALUE_V2,
                compression.kafkaCompression(),
                TimestampType.CREATE_TIME,
                0L,
                RecordBatch.NO_TIMESTAMP,
                producerId,
                producerEpoch,
                baseSequence);
    }

    /**
     * Appends a record.
     *
     * @throws IllegalStateException    after {@link #build()}
     * @throws IllegalArgumentException for a negative timestamp
     */
    public RecordBatchBuilder append(RecordDraft record) {
        return append(record.timestampMs(), record.key(), record.value(), record.headers());
    }

    /** Appends a record; see {@link #append(RecordDraft)}. */
    public RecordBatchBuilder append(long timestampMs, byte[] key, byte[] value, List<RecordHeader> headers) {
        if (built != null) {
            throw new IllegalStateException("Batch already built");
        }
        if (timestampMs < 0) {
            throw new IllegalArgumentException("Record timestamp must be >= 0, got " + timestampMs);
        }
        builder.append(timestampMs, key, value, toKafkaHeaders(headers));
        return this;
    }

    /** Records appended so far. */
    public int recordCount() {
        return builder.numRecords();
    }

    /**
     * Kafka's estimate of the finished batch size. For compressed batches it uses an
     * estimated compression ratio, so the real size can differ in either direction.
     */
    public int estimatedSizeInBytes() {
        return built != null ? built.remaining() : builder.estimatedSizeInBytes();
    }

    public Compression compression() {
        return compression;
    }

    /**
     * Closes the batch and returns its bytes (position 0, limit = batch size). Calling
     * it again returns a fresh view of the same bytes.
     *
     * @throws IllegalStateException when no record was appended
     */
    public ByteBuffer build() {
        if (built == null) {
            if (builder.numRecords() == 0) {
                throw new IllegalStateException("A record batch needs at least one record");
            }
            built = builder.build().buffer();
        }
        return built.duplicate();
    }

    private static Header[] toKafkaHeaders(List<RecordHeader> headers) {
        if (headers == null || headers.isEmpty()) {
            return NO_HEADERS;
        }
        Header[] out = new Header[headers.size()];
        for (int i = 0; i < out.length; i++) {
            RecordHeader h = headers.get(i);
            out[i] = new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value());
        }
        return out;
    }
}
