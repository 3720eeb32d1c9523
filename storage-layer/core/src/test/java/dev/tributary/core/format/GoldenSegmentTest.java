package dev.tributary.core.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins the segment format to committed files, so an accidental change to the layout (or
 * to how kafka-clients encodes a batch) fails here rather than on objects already in S3.
 *
 * <p>After an intentional format change, bump {@link SegmentReader#FORMAT_VERSION}, keep
 * a reader for the old version, and regenerate with
 * {@code ./mvnw -pl storage-layer/core test -Dtest=GoldenSegmentTest -Dtributary.golden.regenerate=true}.
 */
class GoldenSegmentTest {
    private static final String REGENERATE_PROPERTY = "tributary.golden.regenerate";
    private static final Path GOLDEN_DIR = Path.of("src", "test", "resources", "golden");
    private static final String NONE_FILE = "segment-v1-none.bin";
    private static final String ZSTD_FILE = "segment-v1-zstd.bin";
    private static final long BASE_OFFSET = 500L;

    @Test
    void uncompressedSegment_matchesGoldenFileByteForByte() throws IOException {
        byte[] written = goldenSegment(Compression.NONE).bytes();
        byte[] golden = loadOrRegenerate(NONE_FILE, written);

        if (!Arrays.equals(written, golden)) {
            fail("Segment format changed: the bytes written for fixed input differ from " + GOLDEN_DIR.resolve(NONE_FILE)
                    + " (first difference at byte " + Arrays.mismatch(written, golden) + "). "
                    + "If intentional, bump SegmentReader.FORMAT_VERSION and regenerate with -D"
                    + REGENERATE_PROPERTY + "=true.");
        }
        assertDecodesToGoldenRecords(golden);
    }

    @Test
    void committedZstdSegment_stillDecodesToTheSameRecords() throws IOException {
        // Compressed bytes may change with codec versions, so only decoding is pinned.
        byte[] golden = loadOrRegenerate(ZSTD_FILE, goldenSegment(Compression.ZSTD).bytes());

        assertDecodesToGoldenRecords(golden);
    }

    private static void assertDecodesToGoldenRecords(byte[] segment) {
        List<ChunkInfo> chunks = SegmentReader.readIndex(segment);
        assertThat(chunks).extracting(ChunkInfo::topicId, ChunkInfo::partition, ChunkInfo::recordCount,
                        ChunkInfo::batchCount, ChunkInfo::firstTimestampMs, ChunkInfo::maxTimestampMs)
                .containsExactly(
                        tuple(TestRecords.TOPIC_A, 0, 4, 2, 1_700_000_000_000L,
                                1_700_000_000_300L),
                        tuple(TestRecords.TOPIC_B, 3, 2, 1, 1_700_000_000_050L,
                                1_700_000_000_060L));
        List<List<RecordDraft>> inputs = goldenInputs();
        List<RecordDraft> partitionA = new ArrayList<>(inputs.get(0));
        partitionA.addAll(inputs.get(2));
        assertThat(RecordBatches.decode(SegmentReader.chunk(segment, chunks.get(0)), BASE_OFFSET, 4))
                .isEqualTo(TestRecords.withOffsets(partitionA, BASE_OFFSET));
        assertThat(RecordBatches.decode(SegmentReader.chunk(segment, chunks.get(1)), BASE_OFFSET, 2))
                .isEqualTo(TestRecords.withOffsets(inputs.get(1), BASE_OFFSET));
    }

    /** Batches appended in order to A/0, B/3, A/0. */
    private static List<List<RecordDraft>> goldenInputs() {
        return List.of(
                List.of(
                        new RecordDraft(1_700_000_000_000L, "user-1".getBytes(UTF_8), "hello".getBytes(UTF_8),
                                List.of(new RecordHeader("trace", "abc".getBytes(UTF_8)))),
                        new RecordDraft(1_700_000_000_100L, null, "no key".getBytes(UTF_8), List.of()),
                        new RecordDraft(1_700_000_000_090L, "user-2".getBytes(UTF_8), null,
                                List.of(new RecordHeader("empty", null), new RecordHeader("é", new byte[0])))),
                List.of(
                        RecordDraft.of(1_700_000_000_050L, "k".getBytes(UTF_8), "v1".getBytes(UTF_8)),
                        RecordDraft.of(1_700_000_000_060L, "k".getBytes(UTF_8), "v2".getBytes(UTF_8))),
                List.of(RecordDraft.of(1_700_000_000_300L, null, null)));
    }

    private static Segment goldenSegment(Compression compression) {
        List<List<RecordDraft>> inputs = goldenInputs();
        SegmentWriter writer = new SegmentWriter();
        append(writer, TestRecords.TOPIC_A, 0, RecordBatches.build(inputs.get(0), compression, 9L, (short) 0, 0));
        append(writer, TestRecords.TOPIC_B, 3, RecordBatches.build(inputs.get(1), compression));
        append(writer, TestRecords.TOPIC_A, 0, RecordBatches.build(inputs.get(2), compression, 9L, (short) 0, 3));
        return writer.finish();
    }

    private static void append(SegmentWriter writer, UUID topic, int partition, ByteBuffer batch) {
        writer.append(topic, partition, batch, RecordBatches.validate(batch, 1024));
    }

    private static byte[] loadOrRegenerate(String name, byte[] current) throws IOException {
        if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
            Files.createDirectories(GOLDEN_DIR);
            Files.write(GOLDEN_DIR.resolve(name), current);
            return current;
        }
        try (InputStream in = GoldenSegmentTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                fail("Missing golden file golden/" + name + "; generate it with -D" + REGENERATE_PROPERTY + "=true");
            }
            return in.readAllBytes();
        }
    }
}
