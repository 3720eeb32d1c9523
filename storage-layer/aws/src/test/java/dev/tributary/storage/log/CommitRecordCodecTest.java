package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.format.CorruptSegmentException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The commit record's binary attributes: round trips, a pinned encoding, and corrupt input. */
class CommitRecordCodecTest {
    private static final ShardId SHARD = new ShardId(UUID.fromString("00000000-0000-0000-0000-000000000001"), 1);

    @Provide
    Arbitrary<List<Extent>> extents() {
        Arbitrary<Extent> one = Combinators.combine(Arbitraries.integers().between(256, 511),
                Arbitraries.longs().between(0, 1L << 40), Arbitraries.integers().between(1, Integer.MAX_VALUE),
                Arbitraries.integers().between(1, 1 << 20), Arbitraries.longs().between(0, 1L << 45),
                Arbitraries.longs().between(0, 1L << 30))
                .as((p, pos, len, n, ts, span) -> new Extent(p, pos, len, n, ts, ts + span));
        return one.list().ofMaxSize(40);
    }

    @Property
    void extents_roundTrip(@ForAll("extents") List<Extent> extents, @ForAll long commitTime) {
        byte[] bytes = CommitRecordCodec.encodeExtents(SHARD, extents, commitTime);
        assertThat(CommitRecordCodec.decodeExtents(SHARD, bytes, commitTime)).isEqualTo(extents);
    }

    @Property
    void offsets_roundTrip(@ForAll("offsets") long[] offsets) {
        assertThat(CommitRecordCodec.decodeOffsets(CommitRecordCodec.encodeOffsets(offsets))).isEqualTo(offsets);
    }

    @Provide
    Arbitrary<long[]> offsets() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE).array(long[].class).ofMaxSize(ShardId.PARTITIONS_PER_SHARD);
    }

    @Property(edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void partitionBytes_roundTrip(@ForAll("offsets") long[] values) {
        int half = values.length / 2;
        PartitionBytes bytes = new PartitionBytes(java.util.Arrays.copyOf(values, half),
                java.util.Arrays.copyOfRange(values, half, values.length));
        assertThat(CommitRecordCodec.decodePartitionBytes(CommitRecordCodec.encodePartitionBytes(bytes))).isEqualTo(bytes);
    }

    /** The partition bytes section is additive: its own attribute, pinned like the others. */
    @Test
    void partitionBytes_encodingIsPinned_andCorruptInputIsRejected() {
        assertThat(HexFormat.of().formatHex(CommitRecordCodec.encodePartitionBytes(
                new PartitionBytes(new long[] {0, 300}, new long[] {0, 100}))))
                .isEqualTo("01" + "0200ac02" + "020064");
        assertThatThrownBy(() -> CommitRecordCodec.decodePartitionBytes(HexFormat.of().parseHex("010200ac02")))
                .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> CommitRecordCodec.decodePartitionBytes(HexFormat.of().parseHex("020000")))
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Property
    void runs_roundTrip(@ForAll("runs") List<ProducerRun> runs) {
        assertThat(CommitRecordCodec.decodeRuns(SHARD, CommitRecordCodec.encodeRuns(SHARD, runs))).isEqualTo(runs);
    }

    @Provide
    Arbitrary<List<ProducerRun>> runs() {
        return Combinators.combine(Arbitraries.integers().between(256, 511), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.shorts().between((short) 0, Short.MAX_VALUE), Arbitraries.integers().between(0, 1 << 30),
                Arbitraries.integers().between(0, 1000), Arbitraries.longs().between(0, 1L << 50))
                .as((p, pid, e, first, span, base) -> new ProducerRun(p, pid, e, first, first + span, base)).list().ofMaxSize(20);
    }

    /** Any cut or flipped byte is reported as corrupt or decodes to something else, never an exception of another kind. */
    @Property
    void damagedBytes_raiseCorruptSegmentException(@ForAll("extents") List<Extent> extents, @ForAll int where, @ForAll byte flip) {
        byte[] bytes = CommitRecordCodec.encodeExtents(SHARD, extents, 5);
        byte[] cut = java.util.Arrays.copyOf(bytes, Math.floorMod(where, bytes.length));
        assertThatThrownBy(() -> CommitRecordCodec.decodeExtents(SHARD, cut, 5)).isInstanceOf(CorruptSegmentException.class);
        byte[] flipped = bytes.clone();
        flipped[Math.floorMod(where, bytes.length)] ^= (byte) (flip == 0 ? 1 : flip);
        try {
            CommitRecordCodec.decodeExtents(SHARD, flipped, 5);
        } catch (CorruptSegmentException expected) {
            // fine: detected
        }
    }

    /** The encoding is part of the stored data: a change here must be a new format version. */
    @Test
    void encoding_isPinned() {
        List<Extent> extents = new ArrayList<>();
        extents.add(new Extent(256, 0, 100, 3, 1000, 1010));
        extents.add(new Extent(300, 100, 50, 1, 990, 990));
        assertThat(HexFormat.of().formatHex(CommitRecordCodec.encodeExtents(SHARD, extents, 1000)))
                .isEqualTo("0102" + "00" + "00" + "64" + "03" + "00" + "14" + "2c" + "00" + "32" + "01" + "13" + "00");
        assertThat(HexFormat.of().formatHex(CommitRecordCodec.encodeOffsets(new long[] {0, 300})))
                .isEqualTo("010200ac02");
        assertThat(HexFormat.of().formatHex(CommitRecordCodec.encodeRuns(SHARD, List.of(new ProducerRun(257, 7, (short) 1, 10, 14, 200)))))
                .isEqualTo("010101070" + "10a04c801");
        assertThatThrownBy(() -> CommitRecordCodec.decodeOffsets(new byte[] {2, 0})).isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> CommitRecordCodec.decodeOffsets(new byte[] {1, 1, 5, 0})).isInstanceOf(CorruptSegmentException.class);
    }

    @Provide
    Arbitrary<List<OverrideRange>> overrides() {
        return Combinators.combine(Arbitraries.integers().between(256, 511), Arbitraries.longs().between(0, 1L << 50),
                Arbitraries.longs().between(1, 1L << 40))
                .as((p, from, span) -> new OverrideRange(p, from, from + span)).list().ofMaxSize(20);
    }

    @Property
    void overrides_roundTrip(@ForAll("overrides") List<OverrideRange> overrides) {
        assertThat(CommitRecordCodec.decodeOverrides(SHARD, CommitRecordCodec.encodeOverrides(SHARD, overrides)))
                .isEqualTo(overrides);
    }

    @Property
    void damagedOverrides_raiseCorruptSegmentException(@ForAll("overrides") List<OverrideRange> overrides, @ForAll int where) {
        byte[] bytes = CommitRecordCodec.encodeOverrides(SHARD, overrides);
        byte[] cut = java.util.Arrays.copyOf(bytes, Math.floorMod(where, bytes.length));
        assertThatThrownBy(() -> CommitRecordCodec.decodeOverrides(SHARD, cut)).isInstanceOf(CorruptSegmentException.class);
    }

    /** Override ranges were added in their own attribute: the older attributes' pinned bytes above are unchanged. */
    @Test
    void overrideEncoding_isPinned() {
        assertThat(HexFormat.of().formatHex(CommitRecordCodec.encodeOverrides(SHARD,
                List.of(new OverrideRange(257, 300, 400), new OverrideRange(256, 0, 1)))))
                .isEqualTo("0102" + "01" + "ac02" + "64" + "00" + "00" + "01");
        assertThatThrownBy(() -> CommitRecordCodec.decodeOverrides(SHARD, HexFormat.of().parseHex("0101010500")))
                .isInstanceOf(CorruptSegmentException.class);
    }
}
