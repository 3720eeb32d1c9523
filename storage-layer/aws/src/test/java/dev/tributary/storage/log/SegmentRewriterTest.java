package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.Lease;
import dev.tributary.storage.MemoryLeaseStore;
import dev.tributary.storage.MemorySegmentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Merging small entries into per-partition objects, over the in-memory log and object store. */
class SegmentRewriterTest {
    private static final Duration MIN_AGE = Duration.ofMinutes(10);
    private final MutableClock clock = new MutableClock();
    private final MemoryLeaseStore leases = new MemoryLeaseStore(clock);
    private final MemoryShardLog log = new MemoryShardLog().fencedBy(leases::holds);
    private final MemorySegmentStore objects = new MemorySegmentStore(clock);
    private final ShardCommitter committer = Logs.committer(log, objects, clock);
    private final UUID topic = UUID.randomUUID();
    private final ShardId shard = new ShardId(topic, 0);

    static final class MutableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

        void advance(Duration d) { millis.addAndGet(d.toMillis()); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public long millis() { return millis.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis()); }
    }

    private SegmentRewriter rewriter(ShardLog on, int extentBytes, int minEntries) {
        return new SegmentRewriter(on, new LogReader(on, 1 << 20), objects, clock,
                new SegmentRewriter.Settings(64L << 20, extentBytes, MIN_AGE, minEntries));
    }

    private List<String> produce(int segments, int... partitions) {
        return RealSegments.produceMany(committer, objects, topic, clock.millis(), segments, 3, partitions);
    }

    private List<String> read(int partition) {
        return RealSegments.readSummary(log, objects, topic, partition);
    }

    private Lease lease() {
        return leases.acquire("merge#" + shard.key(), "me", Duration.ofMinutes(1)).orElseThrow();
    }

    private SegmentRewriter.Summary mergeAll(SegmentRewriter r) {
        return r.mergeAll(r.plan(shard, 0, 2, Long.MAX_VALUE), lease());
    }

    @Test
    void merge_movesEveryOffsetToPerPartitionObjects_sameBytes_andMovesTheCounts() {
        List<String> originals = produce(20, 0, 1);
        List<String> p0 = read(0);
        List<String> p1 = read(1);
        clock.advance(MIN_AGE);
        SegmentRewriter.Summary s = mergeAll(rewriter(log, 1 << 20, 4));
        assertThat(s.merges()).isEqualTo(2);
        assertThat(s.entriesReplaced()).isEqualTo(40);
        assertThat(read(0)).isEqualTo(p0);
        assertThat(read(1)).isEqualTo(p1);
        LogReader reader = new LogReader(log, 1 << 20);
        Set<String> keys = new HashSet<>();
        for (int p = 0; p < 2; p++) {
            BatchEntry e = reader.floor(topic, p, 0).orElseThrow();
            assertThat(e.recordCount()).as("one extent holds the whole run").isEqualTo(60);
            assertThat(originals).doesNotContain(e.segmentKey());
            assertThat(log.liveExtents(e.segmentKey())).isEqualTo(1);
            assertThat(log.releasedAtMs(e.segmentKey())).isNull();
            keys.add(e.segmentKey());
        }
        assertThat(keys).as("one object per partition").hasSize(2);
        for (String k : originals) {
            assertThat(log.liveExtents(k)).isZero();
            assertThat(log.releasedAtMs(k)).isEqualTo(clock.millis());
            assertThat(objects.read(k, 0, 1)).as("old objects stay readable until garbage collection").hasSize(1);
        }
        assertThat(mergeAll(rewriter(log, 1 << 20, 4)).merges()).as("nothing left to merge").isZero();
    }

    @Test
    void merge_leavesRecentEntriesAndEntriesBelowTheStartAlone_andCutsExtentsAtTheLimit() {
        produce(12, 0);
        committer.moveLogStart(shard, Map.of(0, 6L), null);
        clock.advance(MIN_AGE);
        produce(5, 0);
        List<String> before = read(0);
        int entryBytes = new LogReader(log, 1 << 20).floor(topic, 0, 6).orElseThrow().length();
        SegmentRewriter r = rewriter(log, entryBytes * 4 + 1, 2);
        assertThat(mergeAll(r).merges()).isEqualTo(1);
        assertThat(read(0)).isEqualTo(before);
        List<BatchEntry> entries = new ArrayList<>();
        LogReader reader = new LogReader(log, 1 << 20);
        entries.add(reader.floor(topic, 0, 6).orElseThrow());
        entries.addAll(reader.after(topic, 0, entries.get(0).nextOffset() - 1, 100));
        assertThat(entries).extracting(BatchEntry::recordCount).as("10 old entries in extents of at most 4, then 5 recent ones")
                .containsExactly(12, 12, 6, 3, 3, 3, 3, 3);
        assertThat(entries.get(0).baseOffset()).isEqualTo(6);
    }

    @Test
    void merge_underAStaleLease_isFenced_andLeavesTheNewObjectWithNoLiveExtents() {
        produce(6, 0);
        clock.advance(MIN_AGE);
        SegmentRewriter r = rewriter(log, 1 << 20, 2);
        List<SegmentRewriter.Plan> plans = r.plan(shard, 0, 1, Long.MAX_VALUE);
        Lease stale = lease();
        leases.release(stale);
        leases.acquire("merge#" + shard.key(), "other", Duration.ofMinutes(1)).orElseThrow();
        long seq = log.latest(shard).orElseThrow().seq();
        SegmentRewriter.Summary s = r.mergeAll(plans, stale);
        assertThat(s.fenced()).isTrue();
        assertThat(s.merges()).isZero();
        assertThat(log.latest(shard).orElseThrow().seq()).isEqualTo(seq);
        assertThat(new LogReader(log, 1 << 20).floor(topic, 0, 0).orElseThrow().recordCount()).isEqualTo(3);
        List<String> unused = new ArrayList<>();
        objects.list(o -> {
            if (log.liveExtents(o.key()) != null && log.liveExtents(o.key()) == 0) {
                unused.add(o.key());
            }
        });
        assertThat(unused).as("the merged object is there with a zero count, for garbage collection").hasSize(1);
    }

    @Test
    void produceCommitsRacingTheSwap_areNumberedFirst_andTheOverrideFollowsThem() {
        produce(6, 0);
        clock.advance(MIN_AGE);
        ShardCommitter other = Logs.committer(log, objects, clock);
        ShardLog racing = new DelegatingShardLog(log) {
            int raced;

            @Override
            public MaintenanceAppend appendOverride(CommitRecord record, Lease lease, ExtentsMoved moved) {
                if (raced++ < 2) {
                    RealSegments.produce(other, objects, topic, clock.millis(), 3, 0);
                }
                return super.appendOverride(record, lease, moved);
            }
        };
        SegmentRewriter r = rewriter(racing, 1 << 20, 2);
        assertThat(r.mergeAll(r.plan(shard, 0, 1, Long.MAX_VALUE), lease()).merges()).isEqualTo(1);
        List<String> all = read(0);
        assertThat(all).hasSize(24);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i)).startsWith(i + "=");
        }
        RealSegments.produce(committer, objects, topic, clock.millis(), 3, 0);
        assertThat(read(0)).as("the first committer catches up past the override").hasSize(27);
    }
}
