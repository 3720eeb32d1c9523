package dev.tributary.core.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators and helpers shared by the format tests. */
final class TestRecords {
    static final UUID TOPIC_A = UUID.fromString("6f1c0a52-2d1e-4b7a-9a43-0c6a9f1e2b11");
    static final UUID TOPIC_B = UUID.fromString("0b9d7e1a-83c4-4f55-a2d0-5e3c1b7a9d22");

    private TestRecords() {
    }

    static Arbitrary<byte[]> nullableBytes(int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize).injectNull(0.2);
    }

    static Arbitrary<RecordHeader> headers() {
        // Unpaired surrogates do not survive UTF-8, and Kafka header keys are UTF-8.
        Arbitrary<String> keys = Arbitraries.strings().alpha().numeric().withChars('-', 'é', '漢').ofMaxLength(12);
        return Combinators.combine(keys, nullableBytes(16)).as(RecordHeader::new);
    }

    static Arbitrary<RecordDraft> drafts() {
        return Combinators.combine(
                Arbitraries.longs().between(0, 4_102_444_800_000L),
                nullableBytes(48),
                nullableBytes(200),
                headers().list().ofMaxSize(3))
                .as(RecordDraft::new);
    }

    static Arbitrary<List<RecordDraft>> batches() {
        return drafts().list().ofMinSize(1).ofMaxSize(12);
    }

    static Arbitrary<Compression> compressions() {
        return Arbitraries.of(Compression.class);
    }

    static List<LogRecord> withOffsets(List<RecordDraft> drafts, long baseOffset) {
        List<LogRecord> out = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            RecordDraft d = drafts.get(i);
            out.add(new LogRecord(baseOffset + i, d.timestampMs(), d.key(), d.value(), d.headers()));
        }
        return out;
    }

    static ByteBuffer concat(List<ByteBuffer> buffers) {
        int size = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer out = ByteBuffer.allocate(size);
        buffers.forEach(b -> out.put(b.duplicate()));
        return out.flip();
    }

    static byte[] toArray(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
