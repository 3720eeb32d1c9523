package dev.tributary.core.format;

import static dev.tributary.core.format.TestRecords.withOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SegmentFormatTest {
    private static final long BASE_OFFSET = 10_000L;

    /** One append: which partition and what records. */
    record Append(UUID topicId, int partition, Compression compression, List<RecordDraft> records) {
    }

    @Provide
    Arbitrary<List<Append>> appends() {
        Arbitrary<Append> append = Combinators.combine(
                Arbitraries.of(TestRecords.TOPIC_A, TestRecords.TOPIC_B),
                Arbitraries.integers().between(0, 3),
                TestRecords.compressions(),
                TestRecords.drafts().list().ofMinSize(1).ofMaxSize(6))
                .as(Append::new);
        return append.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 200)
    void segment_roundTripsEveryChunk_throughWholeAndRangedReads(@ForAll("appends") List<Append> appends) {
        Segment segment = write(appends);
        Map<String, List<RecordDraft>> expected = expectedRecords(appends);

        List<ChunkInfo> index = SegmentReader.readIndex(segment.bytes());
        assertThat(index).isEqualTo(segment.chunks());
        assertThat(rangedIndex(segment.bytes())).isEqualTo(index);
        assertThat(index).extracting(c -> c.topicId() + "/" + c.partition())
                .containsExactlyElementsOf(expected.keySet());
        for (ChunkInfo chunk : index) {
            List<RecordDraft> records = expected.get(chunk.topicId() + "/" + chunk.partition());
            ByteBuffer bytes = SegmentReader.chunk(segment.bytes(), chunk);
            assertThat(RecordBatches.decode(bytes, BASE_OFFSET, chunk.recordCount()))
                    .isEqualTo(withOffsets(records, BASE_OFFSET));
            assertThat(RecordBatches.countBatches(bytes, chunk.recordCount())).isEqualTo(chunk.batchCount());
            assertThat(chunk.firstTimestampMs()).isEqualTo(records.get(0).timestampMs());
            assertThat(chunk.maxTimestampMs())
                    .isEqualTo(records.stream().mapToLong(RecordDraft::timestampMs).max().orElseThrow());
        }
    }

    @Property(tries = 300)
    void wholeRead_whenAnyByteIsFlipped_throwsCorrupt(@ForAll("appends") List<Append> appends,
                                                     @ForAll @IntRange(min = 0, max = 1_000_000) int where,
                                                     @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] bytes = write(appends).bytes();
        int index = where % bytes.length;
        bytes[index] ^= (byte) mask;

        assertThatThrownBy(() -> readEverything(bytes)).isExactlyInstanceOf(CorruptSegmentException.class);
    }

    @Property(tries = 300)
    void rangedRead_whenAnyByteIsFlipped_throwsCorruptOrReturnsTheSameRecords(
            @ForAll("appends") List<Append> appends,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int mask) {
        Segment segment = write(appends);
        List<List<LogRecord>> original = readRanged(segment.bytes());
        byte[] bytes = segment.bytes().clone();
        bytes[where % bytes.length] ^= (byte) mask;

        List<List<LogRecord>> damaged;
        try {
            damaged = readRanged(bytes);
        } catch (CorruptSegmentException expected) {
            return;
        }
        // Only a batch's baseOffset or leaderEpoch can change unnoticed; neither reaches the records.
        assertThat(damaged).isEqualTo(original);
    }

    @Property(tries = 200)
    void read_whenSegmentIsTruncated_throwsCorrupt(@ForAll("appends") List<Append> appends,
                                                  @ForAll @IntRange(min = 0, max = 1_000_000) int where,
                                                  @ForAll boolean keepTail) {
        byte[] bytes = write(appends).bytes();
        int newLength = where % bytes.length;
        byte[] truncated = keepTail
                ? Arrays.copyOfRange(bytes, bytes.length - newLength, bytes.length)
                : Arrays.copyOf(bytes, newLength);

        assertThatThrownBy(() -> readEverything(truncated)).isExactlyInstanceOf(CorruptSegmentException.class);
        if (!keepTail) {
            assertThatThrownBy(() -> readRanged(truncated)).isExactlyInstanceOf(CorruptSegmentException.class);
        }
    }

    @Test
    void writer_keepsChunksInFirstAppendOrder_andReportsExactSize() {
        SegmentWriter writer = new SegmentWriter();
        appendBatch(writer, TestRecords.TOPIC_B, 2, 1L);
        appendBatch(writer, TestRecords.TOPIC_A, 0, 2L);
        appendBatch(writer, TestRecords.TOPIC_B, 2, 3L);

        assertThat(writer.partitionCount()).isEqualTo(2);
        long size = writer.sizeInBytes();
        Segment segment = writer.finish();

        assertThat(segment.bytes()).hasSize((int) size);
        assertThat(segment.chunks()).extracting(ChunkInfo::partition).containsExactly(2, 0);
        assertThat(segment.chunks().get(0).batchCount()).isEqualTo(2);
        assertThat(segment.chunks().get(0).firstTimestampMs()).isEqualTo(1L);
        assertThat(segment.chunks().get(0).maxTimestampMs()).isEqualTo(3L);
        assertThatThrownBy(() -> appendBatch(writer, TestRecords.TOPIC_A, 0, 4L))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writer_whenSummaryDoesNotMatchBatch_isRejected() {
        ByteBuffer batch = RecordBatches.build(List.of(RecordDraft.of(1L, null, null)), Compression.NONE);
        BatchSummary wrong = new BatchSummary(1, 1L, 1L, -1L, (short) -1, -1, batch.remaining() + 1, Compression.NONE);

        assertThatThrownBy(() -> new SegmentWriter().append(TestRecords.TOPIC_A, 0, batch, wrong))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptySegment_roundTrips() {
        Segment segment = new SegmentWriter().finish();

        assertThat(segment.bytes()).hasSize(SegmentReader.ENTRIES_OFFSET + SegmentReader.TRAILER_SIZE);
        assertThat(SegmentReader.readIndex(segment.bytes())).isEmpty();
    }

    @Test
    void readTrailer_acceptsALongerTailRead() {
        Segment segment = write(List.of(new Append(TestRecords.TOPIC_A, 1, Compression.NONE,
                List.of(RecordDraft.of(5L, null, new byte[] {1, 2}))))) ;
        SegmentTrailer trailer = SegmentReader.readTrailer(ByteBuffer.wrap(segment.bytes()));

        assertThat(trailer.segmentSize()).isEqualTo(segment.bytes().length);
        assertThat(trailer.formatVersion()).isEqualTo(SegmentReader.FORMAT_VERSION);
    }

    @Test
    void readTrailer_whenVersionIsUnknown_namesTheVersion() {
        byte[] bytes = new SegmentWriter().finish().bytes();
        ByteBuffer trailer = ByteBuffer.wrap(bytes, bytes.length - SegmentReader.TRAILER_SIZE, SegmentReader.TRAILER_SIZE)
                .slice();
        trailer.putShort(SegmentReader.TRAILER_VERSION_OFFSET, (short) 2);
        trailer.putInt(SegmentReader.TRAILER_CRC_OFFSET, SegmentReader.crc32c(trailer, 0, SegmentReader.TRAILER_CRC_OFFSET));

        assertThatThrownBy(() -> SegmentReader.readTrailer(trailer))
                .isExactlyInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("Unsupported segment format version 2");
    }

    @Test
    void chunk_whenRangeIsOutsideTheObject_throwsCorrupt() {
        byte[] bytes = new byte[100];
        ChunkInfo outside = new ChunkInfo(TestRecords.TOPIC_A, 0, 50, 40, 1, 1, 0L, 0L);

        assertThatThrownBy(() -> SegmentReader.chunk(bytes, outside)).isExactlyInstanceOf(CorruptSegmentException.class);
    }

    static Segment write(List<Append> appends) {
        SegmentWriter writer = new SegmentWriter();
        for (Append a : appends) {
            ByteBuffer batch = RecordBatches.build(a.records(), a.compression());
            writer.append(a.topicId(), a.partition(), batch, RecordBatches.validate(batch, Integer.MAX_VALUE));
        }
        return writer.finish();
    }

    private static Map<String, List<RecordDraft>> expectedRecords(List<Append> appends) {
        Map<String, List<RecordDraft>> expected = new LinkedHashMap<>();
        for (Append a : appends) {
            expected.computeIfAbsent(a.topicId() + "/" + a.partition(), k -> new ArrayList<>()).addAll(a.records());
        }
        return expected;
    }

    private static void appendBatch(SegmentWriter writer, UUID topic, int partition, long timestampMs) {
        ByteBuffer batch = RecordBatches.build(List.of(RecordDraft.of(timestampMs, null, new byte[] {1})),
                Compression.NONE);
        writer.append(topic, partition, batch, RecordBatches.validate(batch, 100));
    }

    private static List<ChunkInfo> rangedIndex(byte[] bytes) {
        int tail = Math.min(bytes.length, SegmentReader.TRAILER_SIZE);
        SegmentTrailer trailer = SegmentReader.readTrailer(ByteBuffer.wrap(bytes, bytes.length - tail, tail));
        if (trailer.segmentSize() != bytes.length) {
            throw new CorruptSegmentException("object size " + bytes.length + " differs from trailer");
        }
        return SegmentReader.readFooter(
                ByteBuffer.wrap(bytes, (int) trailer.footerPosition(), trailer.footerLength()), trailer);
    }

    /** What a reader with ranged GETs does: tail, footer, then each chunk on its own. */
    private static List<List<LogRecord>> readRanged(byte[] bytes) {
        List<List<LogRecord>> out = new ArrayList<>();
        for (ChunkInfo chunk : rangedIndex(bytes)) {
            byte[] ranged = Arrays.copyOfRange(bytes, (int) chunk.position(), (int) chunk.end());
            out.add(RecordBatches.decode(ByteBuffer.wrap(ranged), BASE_OFFSET, chunk.recordCount()));
        }
        return out;
    }

    private static List<List<LogRecord>> readEverything(byte[] bytes) {
        List<List<LogRecord>> out = new ArrayList<>();
        for (ChunkInfo chunk : SegmentReader.readIndex(bytes)) {
            out.add(RecordBatches.decode(SegmentReader.chunk(bytes, chunk), BASE_OFFSET, chunk.recordCount()));
        }
        return out;
    }
}
