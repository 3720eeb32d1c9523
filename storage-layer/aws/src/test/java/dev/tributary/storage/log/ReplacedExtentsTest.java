package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The counting rule of releasing with overrides, on an in-memory log of hand-made records. */
class ReplacedExtentsTest {
    private final MemoryShardLog log = new MemoryShardLog();
    private final ShardId shard = new ShardId(UUID.randomUUID(), 0);
    private long[] heads = new long[2];
    private long[] starts = new long[2];
    private long newestOverride;
    private long seq;

    /** An original record adding one extent of {@code records} offsets to each partition given. */
    private CommitRecord produce(int records, int... partitions) {
        List<Extent> extents = new ArrayList<>();
        for (int p : partitions) {
            extents.add(new Extent(p, 0, 10, records, 0, 0));
            heads[p] += records;
        }
        return append(new CommitRecord(shard, ++seq, "s" + seq, 0, 0, heads, starts, extents, List.of(), null, List.of(),
                newestOverride, null));
    }

    /** An override record holding {@code [from, to)} of {@code partition} in {@code extents} extents. */
    private CommitRecord override(int partition, long from, long to, int extents) {
        List<Extent> xs = new ArrayList<>();
        for (int i = 0; i < extents; i++) {
            xs.add(new Extent(partition, i * 10L, 10, (int) ((to - from) / extents), 0, 0));
        }
        CommitRecord r = append(new CommitRecord(shard, ++seq, "m" + seq, 0, 0, heads, starts, xs, List.of(), null,
                List.of(new OverrideRange(partition, from, to)), newestOverride, null));
        newestOverride = r.seq();
        return r;
    }

    private CommitRecord moveStarts(long p0, long p1) {
        starts = new long[] {p0, p1};
        return append(new CommitRecord(shard, ++seq, null, 0, 0, heads, starts, List.of(), List.of(), null, List.of(),
                newestOverride, null));
    }

    private CommitRecord append(CommitRecord r) {
        assertThat(log.append(r)).isTrue();
        return r;
    }

    @Test
    void releasingTakesOffOnlyExtentsNoNewerOverrideReplaced() {
        CommitRecord a = produce(4, 0, 1);
        CommitRecord b = produce(4, 0, 1);
        CommitRecord c = produce(4, 0);
        CommitRecord o1 = override(0, 0, 8, 1);
        CommitRecord o2 = override(0, 0, 12, 2);
        CommitRecord head = moveStarts(12, 8);
        ReplacedExtents replaced = ReplacedExtents.of(log, head, 0);
        assertThat(replaced.liveExtents(a)).as("partition 0 merged, partition 1 not").isEqualTo(1);
        assertThat(replaced.liveExtents(b)).isEqualTo(1);
        assertThat(replaced.liveExtents(c)).isZero();
        assertThat(replaced.liveExtents(o1)).as("merged again by the newer override").isZero();
        assertThat(replaced.liveExtents(o2)).isEqualTo(2);
        // Seen from a frontier past the first override, the newer one still counts.
        assertThat(ReplacedExtents.of(log, head, o1.seq()).liveExtents(a)).isEqualTo(1);
        // Seen from the view before the second override, the first override's extent is live.
        assertThat(ReplacedExtents.of(log, o1, 0).liveExtents(o1)).isEqualTo(1);
    }

    @Test
    void anOverrideIsBelowTheStartByItsRanges_anOriginalByItsNextOffsets() {
        CommitRecord a = produce(4, 0, 1);
        CommitRecord o = override(0, 0, 4, 1);
        produce(4, 0, 1);
        assertThat(ReplacedExtents.whollyBelowStart(o, moveStarts(3, 8))).isFalse();
        assertThat(ReplacedExtents.whollyBelowStart(a, moveStarts(4, 8))).isTrue();
        assertThat(ReplacedExtents.whollyBelowStart(o, moveStarts(4, 8))).as("its heads are above, its range is not").isTrue();
        assertThat(ReplacedExtents.whollyBelowStart(a, moveStarts(8, 3))).isFalse();
    }

    @Test
    void aMissingOverrideEndsTheChain() {
        CommitRecord a = produce(4, 0);
        override(0, 0, 4, 1);
        CommitRecord b = produce(4, 0);
        CommitRecord o2 = override(0, 4, 8, 1);
        CommitRecord head = moveStarts(8, 0);
        ShardLog trimmed = new DelegatingShardLog(log) {
            @Override
            public java.util.Optional<CommitRecord> get(ShardId s, long at) {
                return at < o2.seq() ? java.util.Optional.empty() : super.get(s, at);
            }
        };
        ReplacedExtents replaced = ReplacedExtents.of(trimmed, head, 0);
        assertThat(replaced.liveExtents(b)).isZero();
        assertThat(replaced.liveExtents(a)).as("the trimmed override is not known").isEqualTo(1);
    }
}
