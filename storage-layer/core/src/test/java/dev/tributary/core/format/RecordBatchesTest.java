package dev.tributary.core.format;

import static dev.tributary.core.format.TestRecords.concat;
import static dev.tributary.core.format.TestRecords.toArray;
import static dev.tributary.core.format.TestRecords.withOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {
    private static final int MAX_RECORD_BYTES = 1 << 20;
    private static final int ATTRIBUTES_OFFSET = 21;

    @Provide
    Arbitrary<List<RecordDraft>> batch() {
        return TestRecords.batches();
    }

    @Provide
    Arbitrary<List<List<RecordDraft>>> chunk() {
        return TestRecords.batches().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Compression> compression() {
        return TestRecords.compressions();
    }

    @Property(tries = 200)
    void buildValidateDecode_roundTripsEveryRecord(@ForAll("batch") List<RecordDraft> records,
                                                   @ForAll("compression") Compression compression) {
        ByteBuffer batch = RecordBatches.build(records, compression, 42L, (short) 3, 7);
        byte[] before = toArray(batch);

        BatchSummary summary = RecordBatches.validate(batch, MAX_RECORD_BYTES);
        List<LogRecord> decoded = RecordBatches.decode(batch, 1_000L, records.size());

        assertThat(decoded).isEqualTo(withOffsets(records, 1_000L));
        assertThat(summary.recordCount()).isEqualTo(records.size());
        assertThat(summary.firstTimestampMs()).isEqualTo(records.get(0).timestampMs());
        assertThat(summary.maxTimestampMs())
                .isEqualTo(records.stream().mapToLong(RecordDraft::timestampMs).max().orElseThrow());
        assertThat(summary.producerId()).isEqualTo(42L);
        assertThat(summary.producerEpoch()).isEqualTo((short) 3);
        assertThat(summary.baseSequence()).isEqualTo(7);
        assertThat(summary.sizeInBytes()).isEqualTo(batch.remaining());
        assertThat(summary.compression()).isEqualTo(compression);
        assertThat(batch.position()).isZero();
        assertThat(toArray(batch)).isEqualTo(before);
    }

    @Property(tries = 100)
    void decode_assignsConsecutiveOffsetsAcrossBatches(@ForAll("chunk") List<List<RecordDraft>> batches,
                                                       @ForAll("compression") Compression compression) {
        List<ByteBuffer> encoded = new ArrayList<>();
        List<RecordDraft> all = new ArrayList<>();
        for (List<RecordDraft> records : batches) {
            encoded.add(RecordBatches.build(records, compression));
            all.addAll(records);
        }
        ByteBuffer chunk = concat(encoded);

        assertThat(RecordBatches.decode(chunk, 77L, all.size())).isEqualTo(withOffsets(all, 77L));
        assertThat(RecordBatches.countBatches(chunk, all.size())).isEqualTo(batches.size());

        ByteBuffer kafkaView = RecordBatches.assignOffsets(chunk, 77L, all.size());
        long expectedBase = 77L;
        for (MutableRecordBatch b : MemoryRecords.readableRecords(kafkaView).batches()) {
            b.ensureValid();
            assertThat(b.baseOffset()).isEqualTo(expectedBase);
            expectedBase = b.lastOffset() + 1;
        }
        assertThat(expectedBase).isEqualTo(77L + all.size());
        assertThat(RecordBatches.decode(kafkaView, 77L, all.size())).isEqualTo(withOffsets(all, 77L));
    }

    @Property(tries = 200)
    void decode_whenChunkIsTruncated_throwsCorrupt(@ForAll("chunk") List<List<RecordDraft>> batches,
                                                  @ForAll("compression") Compression compression,
                                                  @ForAll @IntRange(min = 1, max = 100_000) int cut) {
        List<ByteBuffer> encoded = new ArrayList<>();
        int count = 0;
        for (List<RecordDraft> records : batches) {
            encoded.add(RecordBatches.build(records, compression));
            count += records.size();
        }
        ByteBuffer chunk = concat(encoded);
        chunk.limit(chunk.limit() - 1 - cut % chunk.limit());
        int expected = count;

        assertThatThrownBy(() -> RecordBatches.decode(chunk, 0L, expected))
                .isExactlyInstanceOf(CorruptSegmentException.class);
    }

    @Property(tries = 300)
    void validate_whenAnyByteIsFlipped_rejectsUnlessFieldIsOutsideCrc(
            @ForAll("batch") List<RecordDraft> records, @ForAll("compression") Compression compression,
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll @IntRange(min = 1, max = 255) int mask) {
        ByteBuffer batch = RecordBatches.build(records, compression);
        int index = where % batch.remaining();
        batch.put(index, (byte) (batch.get(index) ^ mask));

        Throwable thrown = catchThrowable(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES));

        if (index >= RecordBatches.PARTITION_LEADER_EPOCH_OFFSET && index < RecordBatches.MAGIC_OFFSET) {
            // The leader epoch is outside the CRC and means nothing to Tributary.
            assertThat(thrown).isNull();
        } else if (index < RecordBatches.LENGTH_OFFSET) {
            assertThat(thrown).isExactlyInstanceOf(ApiException.class);
            assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        } else {
            assertThat(thrown).isExactlyInstanceOf(CorruptSegmentException.class);
        }
    }

    @Property(tries = 300)
    void decode_whenAnyByteIsFlipped_failsOrReturnsTheSameRecords(
            @ForAll("batch") List<RecordDraft> records, @ForAll("compression") Compression compression,
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll @IntRange(min = 1, max = 255) int mask) {
        ByteBuffer batch = RecordBatches.build(records, compression);
        int index = where % batch.remaining();
        batch.put(index, (byte) (batch.get(index) ^ mask));

        List<LogRecord> decoded;
        try {
            decoded = RecordBatches.decode(batch, 5L, records.size());
        } catch (CorruptSegmentException expected) {
            return;
        }
        // Only the base offset and leader epoch are outside the CRC; the decoder ignores both.
        assertThat(index < RecordBatches.LENGTH_OFFSET
                || (index >= RecordBatches.PARTITION_LEADER_EPOCH_OFFSET && index < RecordBatches.MAGIC_OFFSET))
                .as("undetected flip at byte %d", index).isTrue();
        assertThat(decoded).isEqualTo(withOffsets(records, 5L));
    }

    @Test
    void decode_whenRecordCountDiffersFromExpected_throwsCorrupt() {
        ByteBuffer batch = RecordBatches.build(List.of(RecordDraft.of(1L, null, new byte[] {1})), Compression.NONE);

        assertThatThrownBy(() -> RecordBatches.decode(batch, 0L, 2))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> RecordBatches.decode(batch, 0L, 0))
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void decode_whenActionThrows_propagatesItUnwrapped() {
        ByteBuffer batch = RecordBatches.build(List.of(RecordDraft.of(1L, null, new byte[] {1})), Compression.LZ4);
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> RecordBatches.forEachRecord(batch, 0L, 1, r -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void decode_ofEmptyChunk_returnsNothing() {
        assertThat(RecordBatches.decode(ByteBuffer.allocate(0), 9L, 0)).isEmpty();
    }

    @Test
    void validate_whenBufferIsShorterThanHeader_throwsCorrupt() {
        assertThatThrownBy(() -> RecordBatches.validate(ByteBuffer.allocate(60), MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class).hasMessageContaining("shorter");
    }

    @Test
    void validate_whenTwoBatchesAreGiven_throwsCorrupt() {
        ByteBuffer one = simpleBatch();
        ByteBuffer two = concat(List.of(one, one));

        assertThatThrownBy(() -> RecordBatches.validate(two, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class).hasMessageContaining("exactly one batch");
    }

    @Test
    void validate_whenBatchIsTruncated_throwsCorrupt() {
        ByteBuffer batch = simpleBatch();
        batch.limit(batch.limit() - 1);

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void validate_whenMagicIsOld_throwsCorrupt() {
        ByteBuffer v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, 0L,
                org.apache.kafka.common.compress.Compression.NONE, TimestampType.CREATE_TIME,
                new SimpleRecord(1L, "k".getBytes(), "v".getBytes()),
                new SimpleRecord(2L, "k".getBytes(), "v".getBytes())).buffer();

        assertThatThrownBy(() -> RecordBatches.validate(v1, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class).hasMessageContaining("magic");
    }

    @Test
    void validate_whenCrcDoesNotMatch_throwsCorrupt() {
        ByteBuffer batch = simpleBatch();
        batch.put(batch.limit() - 1, (byte) (batch.get(batch.limit() - 1) ^ 1));

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class).hasMessageContaining("CRC");
    }

    @Test
    void validate_whenBaseOffsetIsNotZero_rejectsRequest() {
        ByteBuffer batch = simpleBatch();
        batch.putLong(0, 5L);

        assertInvalidRequest(batch, "base offset");
    }

    @Test
    void validate_whenTransactional_rejectsRequest() {
        ByteBuffer batch = MemoryRecords.withTransactionalRecords(org.apache.kafka.common.compress.Compression.NONE,
                7L, (short) 1, 0, new SimpleRecord(1L, null, "v".getBytes())).buffer();

        assertInvalidRequest(batch, "Transactional");
    }

    @Test
    void validate_whenControlBatch_rejectsRequest() {
        ByteBuffer batch = MemoryRecords.withEndTransactionMarker(0L, 7L, (short) 1,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer();

        Throwable thrown = catchThrowable(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES));

        assertThat(thrown).isExactlyInstanceOf(ApiException.class);
        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void validate_whenLogAppendTime_rejectsRequest() {
        ByteBuffer batch = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L,
                org.apache.kafka.common.compress.Compression.NONE, TimestampType.LOG_APPEND_TIME,
                new SimpleRecord(1L, null, "v".getBytes())).buffer();

        assertInvalidRequest(batch, "CreateTime");
    }

    @Test
    void validate_whenCompressionIsSnappy_rejectsRequest() {
        ByteBuffer batch = simpleBatch();
        short attributes = batch.getShort(ATTRIBUTES_OFFSET);
        batch.putShort(ATTRIBUTES_OFFSET, (short) ((attributes & ~0x07) | 2));
        fixCrc(batch);

        assertInvalidRequest(batch, "SNAPPY".toLowerCase());
    }

    @Test
    void validate_whenCompressionIdIsUnknown_throwsCorrupt() {
        ByteBuffer batch = simpleBatch();
        batch.putShort(ATTRIBUTES_OFFSET, (short) (batch.getShort(ATTRIBUTES_OFFSET) | 0x07));
        fixCrc(batch);

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void validate_whenRecordCountDisagreesWithLastOffsetDelta_throwsCorrupt() {
        ByteBuffer batch = simpleBatch();
        batch.putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 5);
        fixCrc(batch);

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class).hasMessageContaining("last offset delta");
    }

    @Test
    void validate_whenRecordCountExceedsRecords_throwsCorrupt() {
        ByteBuffer batch = simpleBatch();
        batch.putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 2);
        batch.putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, 3);
        fixCrc(batch);

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void validate_whenRecordCountIsZero_throwsCorrupt() {
        ByteBuffer batch = simpleBatch();
        batch.putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, -1);
        batch.putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, 0);
        fixCrc(batch);

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isExactlyInstanceOf(CorruptSegmentException.class).hasMessageContaining("record count 0");
    }

    @Test
    void validate_whenARecordIsTooLarge_rejectsWithRecordTooLarge() {
        ByteBuffer batch = RecordBatches.build(List.of(
                RecordDraft.of(1L, null, new byte[10]),
                new RecordDraft(2L, new byte[3], new byte[4], List.of(new RecordHeader("ab", new byte[5])))),
                Compression.ZSTD);

        assertThat(RecordBatches.validate(batch, 14).recordCount()).isEqualTo(2);
        Throwable thrown = catchThrowable(() -> RecordBatches.validate(batch, 13));
        assertThat(thrown).isExactlyInstanceOf(ApiException.class).hasMessageContaining("Record 1 is 14 bytes");
        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
        assertThat(((ApiException) thrown).extensions()).containsEntry("maxRecordBytes", 13);
    }

    @Test
    void build_withoutRecords_isRejected() {
        assertThatThrownBy(() -> RecordBatches.build(List.of(), Compression.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordBatchBuilder(Compression.NONE).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builder_tracksCountAndSize_andRefusesAppendsAfterBuild() {
        RecordBatchBuilder builder = new RecordBatchBuilder(Compression.GZIP);
        builder.append(RecordDraft.of(1L, "k".getBytes(), new byte[100]));
        builder.append(2L, null, null, List.of(new RecordHeader("h", null)));

        assertThat(builder.recordCount()).isEqualTo(2);
        assertThat(builder.estimatedSizeInBytes()).isPositive();
        ByteBuffer batch = builder.build();
        assertThat(builder.estimatedSizeInBytes()).isEqualTo(batch.remaining());
        assertThat(RecordBatches.validate(batch, 1000).recordCount()).isEqualTo(2);
        assertThatThrownBy(() -> builder.append(RecordDraft.of(3L, null, null)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new RecordBatchBuilder(Compression.NONE).append(RecordDraft.of(-5L, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compression_fromName_isCaseInsensitive_andRejectsUnknownNames() {
        assertThat(Compression.fromName("zstd")).isEqualTo(Compression.ZSTD);
        assertThat(Compression.fromName("Lz4")).isEqualTo(Compression.LZ4);
        assertThat(Compression.fromName("NONE")).isEqualTo(Compression.NONE);
        assertThatThrownBy(() -> Compression.fromName("snappy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none, gzip, lz4, zstd");
        assertThatThrownBy(() -> Compression.fromName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInvalidRequest(ByteBuffer batch, String detail) {
        Throwable thrown = catchThrowable(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES));
        assertThat(thrown).isExactlyInstanceOf(ApiException.class);
        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(thrown.getMessage()).containsIgnoringCase(detail);
    }

    private static ByteBuffer simpleBatch() {
        return RecordBatches.build(List.of(RecordDraft.of(1L, "k".getBytes(), "v".getBytes())), Compression.NONE);
    }

    private static void fixCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        ByteBuffer covered = batch.duplicate();
        covered.position(ATTRIBUTES_OFFSET);
        crc.update(covered);
        batch.putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc.getValue());
    }
}
