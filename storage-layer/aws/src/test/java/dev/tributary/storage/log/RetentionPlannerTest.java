package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.storage.Lease;
import dev.tributary.storage.MemoryLeaseStore;
import dev.tributary.storage.MemorySegmentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retention decisions and fenced log-start moves over the in-memory log. */
class RetentionPlannerTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    private final MemoryLeaseStore leases = new MemoryLeaseStore(clock);
    private final MemoryShardLog log = new MemoryShardLog().fencedBy(leases::holds);
    private final ShardCommitter committer = Logs.committer(log, new MemorySegmentStore(clock), clock);
    private final RetentionPlanner planner = new RetentionPlanner(log, 1000);
    private final UUID topic = UUID.randomUUID();
    private final ShardId shard = new ShardId(topic, 0);

    /** One segment of {@code records} records and 100 bytes on each partition, all with timestamp {@code ts}. */
    private void produce(long ts, int records, int... partitions) {
        List<CommitRequest.Slice> slices = new java.util.ArrayList<>();
        long position = 0;
        for (int p : partitions) {
            slices.add(CommitRequest.Slice.plain(new PartitionId(topic, p), position, 100, records, ts, ts));
            position += 100;
        }
        committer.commit("seg-" + UUID.randomUUID(), position, List.of(new CommitRequest(slices)));
    }

    @Test
    void time_movesEveryPartitionPastTheLastWhollyExpiredRecord() {
        produce(T0 - 10_000, 5, 0, 1);
        produce(T0 - 8_000, 5, 0);
        produce(T0 - 1_000, 5, 0, 1);
        assertThat(planner.plan(shard, 0, 2, 5_000, -1, T0)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 10L, 1, 5L));
        assertThat(planner.plan(shard, 0, 2, 20_000, -1, T0)).isEmpty();
        assertThat(planner.plan(shard, 0, 2, 500, -1, T0)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 15L, 1, 10L));
        assertThat(planner.plan(shard, 0, 2, -1, -1, T0)).as("-1 keeps forever").isEmpty();
    }

    @Test
    void bytes_keepsTheNewestWholeExtentsHoldingAtLeastTheLimit() {
        for (int i = 0; i < 5; i++) {
            produce(T0, 10, 0);
        }
        assertThat(planner.plan(shard, 0, 1, -1, 250, T0)).containsExactlyEntriesOf(Map.of(0, 20L));
        assertThat(planner.plan(shard, 0, 1, -1, 500, T0)).isEmpty();
        committer.moveLogStart(shard, Map.of(0, 20L), null);
        assertThat(planner.plan(shard, 0, 1, -1, 250, T0)).as("already applied").isEmpty();
        assertThat(planner.plan(shard, 0, 1, -1, 100, T0)).containsExactlyEntriesOf(Map.of(0, 40L));
    }

    @Test
    void time_costsLogarithmicallyManyReads_andTwoWhenNothingExpired() {
        for (int i = 0; i < 4096; i++) {
            produce(T0 - 4096 + i, 1, 0);
        }
        int[] reads = new int[1];
        ShardLog counting = new ShardLog() {
            public java.util.Optional<CommitRecord> latest(ShardId s) { reads[0]++; return log.latest(s); }
            public java.util.Optional<CommitRecord> get(ShardId s, long seq) { reads[0]++; return log.get(s, seq); }
            public List<CommitRecord> after(ShardId s, long seq, int limit) { reads[0]++; return log.after(s, seq, limit); }
            public Outcome commit(List<CommitRecord> r, SegmentReference ref, Map<Long, Short> e) { throw new AssertionError(); }
            public boolean append(CommitRecord r) { throw new AssertionError(); }
            public MaintenanceAppend appendFenced(CommitRecord r, Lease l) { throw new AssertionError(); }
            public MaintenanceAppend appendOverride(CommitRecord r, Lease l, ExtentsMoved m) { throw new AssertionError(); }
            public void putUnusedReference(SegmentReference ref, ShardId s) { throw new AssertionError(); }
        };
        RetentionPlanner p = new RetentionPlanner(counting, 1000);
        assertThat(p.plan(shard, 0, 1, 2048, -1, T0)).containsExactlyEntriesOf(Map.of(0, 2048L));
        assertThat(reads[0]).as("newest, oldest and a bisection over 4,096 records").isLessThanOrEqualTo(2 + 12);
        reads[0] = 0;
        assertThat(p.plan(shard, 0, 1, 10_000, -1, T0)).isEmpty();
        assertThat(reads[0]).as("nothing expired: the newest and the oldest record say so").isEqualTo(2);
    }

    @Test
    void move_underAStaleLease_isFenced_andTheHolderMoves() {
        produce(T0, 10, 0);
        Lease stale = leases.acquire("retention#" + shard.key(), "a", Duration.ofSeconds(30)).orElseThrow();
        leases.release(stale);
        Lease current = leases.acquire("retention#" + shard.key(), "b", Duration.ofSeconds(30)).orElseThrow();
        assertThat(committer.moveLogStart(shard, Map.of(0, 5L), stale).result()).isEqualTo(ShardCommitter.LogStartMove.Result.FENCED);
        assertThat(log.latest(shard).orElseThrow().seq()).isEqualTo(1);
        assertThat(committer.moveLogStart(shard, Map.of(0, 5L), current).result()).isEqualTo(ShardCommitter.LogStartMove.Result.MOVED);
        produce(T0, 1, 0);
        CommitRecord last = log.latest(shard).orElseThrow();
        assertThat(last.startOffset(0)).as("later produce commits carry the start forward").isEqualTo(5);
        assertThat(last.nextOffset(0)).isEqualTo(11);
    }
}
