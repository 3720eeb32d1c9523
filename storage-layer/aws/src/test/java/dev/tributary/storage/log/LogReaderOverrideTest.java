package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.MemorySegmentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Offsets resolve through override records first, each exactly once, before and after an override lands. */
class LogReaderOverrideTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final MemoryShardLog log = new MemoryShardLog();
    private final ShardCommitter committer = Logs.committer(log, new MemorySegmentStore(clock), clock);
    private final UUID topic = UUID.randomUUID();
    private final ShardId shard = new ShardId(topic, 0);

    /** Ten segments of 5 records on partitions 0 and 1: offsets 0..49 of each, one extent per segment. */
    private void produce() {
        for (int i = 0; i < 10; i++) {
            committer.commit("seg-" + i, 200, List.of(Logs.plain(topic, 5, 0, 1)));
        }
    }

    /** Writes an override of partition 0, offsets [from, to), as {@code extents} equal extents of object {@code key}. */
    private CommitRecord override(String key, long from, long to, int extents) {
        CommitRecord head = log.latest(shard).orElseThrow();
        List<Extent> xs = new ArrayList<>();
        long per = (to - from) / extents;
        for (int i = 0; i < extents; i++) {
            xs.add(new Extent(0, i * 1000L, 1000, (int) per, 1000, 1000));
        }
        CommitRecord r = new CommitRecord(shard, head.seq() + 1, key, clock.millis(), head.maxTimestampMs(),
                head.nextOffsets(), head.startOffsets(), xs, List.of(), head.snapshot(),
                List.of(new OverrideRange(0, from, to)), head.newestOverrideSeq(), head.bytes());
        assertThat(log.appendFenced(r, null)).isEqualTo(ShardLog.MaintenanceAppend.APPENDED);
        return r;
    }

    /** Every entry from offset 0 on, page by page as the fetch path asks for them. */
    private List<BatchEntry> all(LogReader reader, int partition, int page) {
        List<BatchEntry> out = new ArrayList<>();
        out.add(reader.floor(topic, partition, 0).orElseThrow());
        while (true) {
            List<BatchEntry> more = reader.after(topic, partition, out.get(out.size() - 1).nextOffset() - 1, page);
            if (more.isEmpty()) {
                return out;
            }
            out.addAll(more);
        }
    }

    private static void assertDense(List<BatchEntry> entries, long end) {
        long next = 0;
        for (BatchEntry e : entries) {
            assertThat(e.baseOffset()).as("entries follow each other without gaps or overlaps").isEqualTo(next);
            next = e.nextOffset();
        }
        assertThat(next).isEqualTo(end);
    }

    @Test
    void override_replacesExactlyItsRange_otherPartitionsUntouched() {
        produce();
        override("merged-a", 10, 40, 3);
        LogReader reader = new LogReader(log, 1 << 20);
        List<BatchEntry> p0 = all(reader, 0, 2);
        assertDense(p0, 50);
        assertThat(p0).extracting(BatchEntry::segmentKey)
                .containsExactly("seg-0", "seg-1", "merged-a", "merged-a", "merged-a", "seg-8", "seg-9");
        assertThat(reader.floor(topic, 0, 25).orElseThrow()).extracting(BatchEntry::segmentKey, BatchEntry::baseOffset)
                .containsExactly("merged-a", 20L);
        List<BatchEntry> p1 = all(reader, 1, 100);
        assertDense(p1, 50);
        assertThat(p1).extracting(BatchEntry::segmentKey).doesNotContain("merged-a");
    }

    @Test
    void newerOverride_winsOverOlderOne_andOverlapsAtEntryBoundaries() {
        produce();
        override("merged-a", 0, 20, 2);
        override("merged-b", 10, 50, 1);
        LogReader reader = new LogReader(log, 1 << 20);
        List<BatchEntry> p0 = all(reader, 0, 1);
        assertDense(p0, 50);
        assertThat(p0).extracting(BatchEntry::segmentKey).containsExactly("merged-a", "merged-b");
    }

    @Test
    void readerWithAnOlderView_keepsReadingTheOriginals_andAfterTheOverrideEveryOffsetStillOnce() {
        produce();
        LogReader reader = new LogReader(log, 1 << 20);
        BatchEntry first = reader.floor(topic, 0, 0).orElseThrow();
        List<BatchEntry> before = reader.after(topic, 0, first.nextOffset() - 1, 2);
        assertThat(before).extracting(BatchEntry::segmentKey).containsExactly("seg-1", "seg-2");
        override("merged-a", 0, 50, 5);
        committer.commit("seg-10", 200, List.of(Logs.plain(topic, 5, 0, 1)));
        reader.latest(shard);
        // The reader now sees the override: the rest comes from the merged object, starting with
        // the merged entry that holds the next offset wanted.
        List<BatchEntry> rest = reader.after(topic, 0, before.get(1).nextOffset() - 1, 100);
        assertThat(rest.get(0)).extracting(BatchEntry::segmentKey, BatchEntry::baseOffset).containsExactly("merged-a", 10L);
        assertThat(rest).extracting(BatchEntry::segmentKey).containsExactly("merged-a", "merged-a", "merged-a",
                "merged-a", "seg-10");
        assertDense(all(reader, 0, 3), 55);
    }

    @Test
    void recordsAfterAnOverride_carryItForward_soAColdReaderFindsIt() {
        produce();
        CommitRecord o = override("merged-a", 0, 50, 1);
        committer.commit("seg-10", 200, List.of(Logs.plain(topic, 5, 0, 1)));
        committer.moveLogStart(shard, Map.of(1, 5L), null);
        CommitRecord head = log.latest(shard).orElseThrow();
        assertThat(head.previousOverrideSeq()).isEqualTo(o.seq());
        assertThat(new LogReader(log, 1 << 20).floor(topic, 0, 7).orElseThrow().segmentKey()).isEqualTo("merged-a");
        assertThat(new LogReader(log, 1 << 20).firstWithMaxTimestampAtLeast(topic, 0, 0, 1000).orElseThrow().segmentKey())
                .isEqualTo("merged-a");
    }
}
