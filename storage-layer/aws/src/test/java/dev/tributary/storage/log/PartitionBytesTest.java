package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.storage.MemorySegmentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Partition sizes from the cumulative byte counters the committer carries in every record. */
class PartitionBytesTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final MemoryShardLog log = new MemoryShardLog();
    private final ShardCommitter committer = Logs.committer(log, new MemorySegmentStore(clock), clock);
    private final UUID topic = UUID.randomUUID();
    private final ShardId shard = new ShardId(topic, 0);
    private final LogReader reader = new LogReader(log, 1 << 20);

    private long size(int partition) {
        return reader.head(topic, partition).bytes();
    }

    @Test
    void sizes_growWithCommits_andShrinkByWholeBatchesWhenTheStartMoves() {
        committer.commit("s1", 200, List.of(Logs.plain(topic, 3, 0, 1)));   // 100 bytes each, offsets 0..2
        committer.commit("s2", 100, List.of(Logs.plain(topic, 2, 0)));      // offsets 3..4 of partition 0
        committer.commit("s3", 100, List.of(Logs.plain(topic, 4, 1)));      // offsets 3..6 of partition 1
        assertThat(size(0)).isEqualTo(200);
        assertThat(size(1)).isEqualTo(200);
        assertThat(size(2)).isZero();

        committer.moveLogStart(shard, Map.of(0, 2L), null);
        assertThat(size(0)).as("the start falls inside the first batch: it is still stored").isEqualTo(200);
        committer.moveLogStart(shard, Map.of(0, 3L, 1, 7L), null);
        assertThat(size(0)).isEqualTo(100);
        assertThat(size(1)).isZero();

        committer.commit("s4", 100, List.of(Logs.plain(topic, 1, 1)));
        assertThat(size(1)).isEqualTo(100);
        ShardCommitter cold = Logs.committer(log, new MemorySegmentStore(clock), clock);
        cold.commit("s5", 100, List.of(Logs.plain(topic, 1, 0)));
        assertThat(size(0)).as("a cold committer carries the counters on").isEqualTo(200);
    }

    @Test
    void recordsWithoutCounters_leaveTheSizeUnknown() {
        log.append(new CommitRecord(shard, 1, "old", 0, 0, new long[] {5}, new long[0],
                List.of(new Extent(0, 0, 100, 5, 0, 0)), List.of(), null));
        assertThat(size(0)).isEqualTo(-1);
        committer.commit("s1", 100, List.of(Logs.plain(topic, 1, 0)));
        assertThat(size(0)).as("counting starts with the first record that keeps counters").isEqualTo(100);
    }
}
