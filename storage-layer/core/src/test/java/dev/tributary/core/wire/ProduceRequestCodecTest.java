package dev.tributary.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ProduceRequestCodecTest {

    @Provide
    Arbitrary<List<PartitionBatch>> entries() {
        Arbitrary<PartitionBatch> entry = Combinators.combine(
                Arbitraries.integers().between(0, 1000),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100))
                .as((p, b) -> new PartitionBatch(p, ByteBuffer.wrap(b)));
        return entry.list().ofMaxSize(6);
    }

    @Property(tries = 200)
    void encodeDecode_roundTrips_throughEveryEncoder(@ForAll("entries") List<PartitionBatch> entries)
            throws IOException {
        byte[] body = ProduceRequestCodec.encode(entries);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        ProduceRequestCodec.encode(entries, stream);
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length);
        ProduceRequestCodec.encode(entries, direct);

        assertThat(body).hasSize((int) ProduceRequestCodec.encodedSize(entries));
        assertThat(stream.toByteArray()).isEqualTo(body);
        assertThat(direct.flip()).isEqualTo(ByteBuffer.wrap(body));
        assertThat(ProduceRequestCodec.decode(ByteBuffer.wrap(body), 100)).isEqualTo(entries);
    }

    @Property(tries = 200)
    void decode_whenTruncatedAnywhere_rejectsAsInvalidRequest(@ForAll("entries") List<PartitionBatch> entries,
                                                              @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] body = ProduceRequestCodec.encode(entries);
        ByteBuffer truncated = ByteBuffer.wrap(body, 0, cut % body.length);

        assertInvalid(truncated, 100, "");
    }

    @Test
    void encode_layoutIsPinned() {
        byte[] body = ProduceRequestCodec.encode(List.of(new PartitionBatch(3, ByteBuffer.wrap(new byte[] {9, 8}))));

        assertThat(HexFormat.of().formatHex(body)).isEqualTo("54524250" + "0001" + "0000" + "00000001"
                + "00000003" + "00000002" + "0908");
    }

    @Test
    void decode_carriesRealBatches_andLeavesBodyUntouched() {
        ByteBuffer batch = RecordBatches.build(List.of(RecordDraft.of(1L, null, new byte[] {1})), Compression.LZ4);
        ByteBuffer body = ByteBuffer.wrap(ProduceRequestCodec.encode(List.of(new PartitionBatch(0, batch))));

        List<PartitionBatch> decoded = ProduceRequestCodec.decode(body, 1);

        assertThat(body.position()).isZero();
        assertThat(RecordBatches.validate(decoded.get(0).batch(), 100).recordCount()).isEqualTo(1);
    }

    @Test
    void decode_rejectsEachMalformedHeader() {
        assertInvalid(body("XXXX", 1, 0, 0), 10, "magic");
        assertInvalid(body("TRBP", 2, 0, 0), 10, "Unsupported produce body version 2");
        assertInvalid(body("TRBP", 1, 4, 0), 10, "flags");
        assertInvalid(body("TRBP", 1, 0, -1), 10, "Negative entry count");
        assertInvalid(body("TRBP", 1, 0, 11), 10, "more than the limit of 10");
        assertInvalid(body("TRBP", 1, 0, 5), 10, "declares 5 entries");
        assertInvalid(ByteBuffer.wrap(new byte[5]), 10, "shorter than the 12-byte header");
    }

    @Test
    void decode_rejectsEachMalformedEntry() {
        assertInvalid(withEntry(-1, 1, new byte[1]), 10, "negative partition");
        assertInvalid(withEntry(0, -5, new byte[1]), 10, "batch length -5");
        assertInvalid(withEntry(0, 0, new byte[0]), 10, "batch length 0");
        assertInvalid(withEntry(0, 4, new byte[3]), 10, "Truncated entry 0");
        assertInvalid(withEntry(0, 1, new byte[2]), 10, "unexpected bytes");
    }

    @Test
    void decode_ofEmptyBody_returnsNoEntries() {
        assertThat(ProduceRequestCodec.decode(body("TRBP", 1, 0, 0), 10)).isEmpty();
    }

    private static ByteBuffer body(String magic, int version, int flags, int count) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 * Math.max(0, Math.min(count, 4)));
        b.put(magic.getBytes()).putShort((short) version).putShort((short) flags).putInt(count);
        return b.position(0);
    }

    private static ByteBuffer withEntry(int partition, int length, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + payload.length);
        b.put("TRBP".getBytes()).putShort((short) 1).putShort((short) 0).putInt(1);
        b.putInt(partition).putInt(length).put(payload);
        return b.flip();
    }

    private static void assertInvalid(ByteBuffer body, int maxEntries, String detail) {
        Throwable thrown = catchThrowable(() -> ProduceRequestCodec.decode(body, maxEntries));
        assertThat(thrown).isExactlyInstanceOf(ApiException.class).hasMessageContaining(detail);
        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }
}
