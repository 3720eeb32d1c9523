package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.MemorySegmentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The committer's rules, against the in-memory log (fast; the DynamoDB tests cover the real store). */
class ShardCommitterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final Map<Long, Short> epochs = new ConcurrentHashMap<>();
    private final MemoryShardLog log = new MemoryShardLog(epochs::get);
    private final MemorySegmentStore objects = new MemorySegmentStore(clock);
    private final UUID topic = UUID.randomUUID();

    private ShardCommitter committer() {
        return Logs.committer(log, objects, clock);
    }

    @Test
    void commit_assignsDenseOffsetsPerPartition_inRequestOrder() {
        ShardCommitter c = committer();
        List<CommitRequest.Outcome> out = c.commit("s1", 1, List.of(Logs.plain(topic, 3, 0, 1), Logs.plain(topic, 2, 0)));
        assertThat(out.get(0).baseOffsets()).containsExactly(0L, 0L);
        assertThat(out.get(1).baseOffsets()).containsExactly(3L);
        assertThat(c.commit("s2", 1, List.of(Logs.plain(topic, 1, 1))).get(0).baseOffsets()).containsExactly(3L);
        assertThat(log.latest(new ShardId(topic, 0)).orElseThrow().nextOffset(0)).isEqualTo(5);
        assertThat(log.commits()).as("one log write per segment").isEqualTo(2);
    }

    @Test
    void commit_ofOneRequestOverAThousandPartitions_isOneAtomicWrite() {
        int[] partitions = IntStream.range(0, 1000).toArray();
        List<CommitRequest.Outcome> out = committer().commit("big", 1, List.of(Logs.plain(topic, 2, partitions)));
        assertThat(out.get(0).baseOffsets()).hasSize(1000).containsOnly(0L);
        assertThat(log.commits()).isEqualTo(1);
        for (int shard = 0; shard < ShardId.shardCount(1000); shard++) {
            CommitRecord r = log.latest(new ShardId(topic, shard)).orElseThrow();
            assertThat(r.seq()).isEqualTo(1);
            int first = shard * ShardId.PARTITIONS_PER_SHARD;
            assertThat(r.nextOffset(first)).isEqualTo(2);
        }
    }

    @Test
    void racingCommitters_onTheSameShard_neverHandOutAnOffsetTwice() {
        ShardCommitter a = committer();
        ShardCommitter b = committer();
        a.commit("a1", 1, List.of(Logs.plain(topic, 5, 0)));
        // b has never seen the shard; then a commits again behind b's back: b's next write loses
        // the race, reads what it missed and plans again.
        b.commit("b1", 1, List.of(Logs.plain(topic, 1, 0)));
        a.commit("a2", 1, List.of(Logs.plain(topic, 2, 0)));
        List<CommitRequest.Outcome> late = b.commit("b2", 1, List.of(Logs.plain(topic, 4, 0)));
        assertThat(late.get(0).baseOffsets()).containsExactly(8L);
        assertThat(log.latest(new ShardId(topic, 0)).orElseThrow().nextOffset(0)).isEqualTo(12);
        assertThat(log.latest(new ShardId(topic, 0)).orElseThrow().seq()).isEqualTo(4);
    }

    @Test
    void conditionalAppend_commitsOnlyAtTheExpectedEnd_andRefusesOnlyThatRequest() {
        ShardCommitter c = committer();
        c.commit("s1", 1, List.of(Logs.plain(topic, 3, 0)));
        List<CommitRequest.Outcome> out = c.commit("s2", 1, List.of(
                Logs.expecting(topic, 0, 3, 1), Logs.expecting(topic, 0, 3, 1), Logs.plain(topic, 1, 1)));
        assertThat(out.get(0).baseOffsets()).containsExactly(3L);
        assertThat(out.get(1).error().code()).isEqualTo(ErrorCode.OFFSET_MISMATCH);
        assertThat(out.get(1).error().extensions()).containsEntry("latestOffset", 4L);
        assertThat(out.get(2).baseOffsets()).containsExactly(0L);
        CommitRecord r = log.latest(new ShardId(topic, 0)).orElseThrow();
        assertThat(r.nextOffset(0)).as("the refused request stored nothing").isEqualTo(4);
    }

    @Test
    void conditionalAppend_racingWritersThroughSeparateCommitters_exactlyOneWins() {
        ShardCommitter a = committer();
        ShardCommitter b = committer();
        a.commit("s0", 1, List.of(Logs.plain(topic, 2, 0)));
        b.commit("s0b", 1, List.of(Logs.plain(topic, 0 + 1, 1)));
        CommitRequest.Outcome first = a.commit("sa", 1, List.of(Logs.expecting(topic, 0, 2, 1))).get(0);
        CommitRequest.Outcome second = b.commit("sb", 1, List.of(Logs.expecting(topic, 0, 2, 1))).get(0);
        assertThat(first.accepted()).isTrue();
        assertThat(second.accepted()).isFalse();
        assertThat(second.error().code()).isEqualTo(ErrorCode.OFFSET_MISMATCH);
    }

    @Test
    void idempotentRetry_isStoredOnce_andGetsTheOriginalOffsets() {
        epochs.put(7L, (short) 0);
        ShardCommitter c = committer();
        c.commit("s0", 1, List.of(Logs.plain(topic, 10, 0)));
        CommitRequest.Outcome first = c.commit("s1", 1, List.of(Logs.idempotent(topic, 0, 7, (short) 0, 0, 5))).get(0);
        CommitRequest.Outcome retry = c.commit("s2", 1, List.of(Logs.idempotent(topic, 0, 7, (short) 0, 0, 5))).get(0);
        assertThat(first.baseOffsets()).containsExactly(10L);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffsets()).containsExactly(10L);
        assertThat(log.latest(new ShardId(topic, 0)).orElseThrow().nextOffset(0)).isEqualTo(15);

        CommitRequest.Outcome gap = c.commit("s3", 1, List.of(Logs.idempotent(topic, 0, 7, (short) 0, 9, 1))).get(0);
        assertThat(gap.error().code()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
    }

    @Test
    void idempotentRetry_committedByAnotherInstance_isRecognisedAfterCatchingUp() {
        epochs.put(8L, (short) 0);
        ShardCommitter a = committer();
        ShardCommitter b = committer();
        b.commit("warm", 1, List.of(Logs.plain(topic, 1, 3)));
        a.commit("a1", 1, List.of(Logs.idempotent(topic, 0, 8, (short) 0, 0, 4)));
        CommitRequest.Outcome retry = b.commit("b1", 1, List.of(Logs.idempotent(topic, 0, 8, (short) 0, 0, 4))).get(0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffsets()).containsExactly(0L);
    }

    @Test
    void fencedProducer_isRefused_andTheOtherRequestsCommit() {
        epochs.put(9L, (short) 1);
        List<CommitRequest.Outcome> out = committer().commit("s1", 1, List.of(
                Logs.idempotent(topic, 0, 9, (short) 0, 0, 2), Logs.plain(topic, 1, 0)));
        assertThat(out.get(0).error().code()).isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(out.get(1).baseOffsets()).containsExactly(0L);
    }

    @Test
    void aColdCommitter_rebuildsProducerState_fromSnapshotAndReplay() {
        epochs.put(11L, (short) 0);
        ShardCommitter warm = committer();
        int batches = ShardCommitter.SNAPSHOT_EVERY + 20;
        for (int i = 0; i < batches; i++) {
            warm.commit("seg" + i, 1, List.of(Logs.idempotent(topic, 0, 11, (short) 0, i * 2, 2)));
        }
        assertThat(log.latest(new ShardId(topic, 0)).orElseThrow().snapshot()).as("a snapshot was taken and pointed to")
                .isNotNull();
        ShardCommitter cold = committer();
        assertThat(cold.producerState(new PartitionId(topic, 0), 11, false).orElseThrow().lastSequence())
                .isEqualTo(batches * 2 - 1);
        CommitRequest.Outcome retry = cold.commit("again", 1,
                List.of(Logs.idempotent(topic, 0, 11, (short) 0, (batches - 1) * 2, 2))).get(0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffsets()).containsExactly((long) (batches - 1) * 2);
    }

    @Test
    void reader_findsEveryOffsetExactlyOnce_acrossManyRecords() {
        ShardCommitter c = committer();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = 1 + (i * 7) % 5;
            counts.add(n);
            c.commit("s" + i, 1, List.of(Logs.plain(topic, n, i % 3 == 0 ? 1 : 0)));
        }
        LogReader reader = new LogReader(log, 1 << 20);
        long end = reader.head(topic, 0).nextOffset();
        long expected = 0;
        while (expected < end) {
            BatchEntry e = reader.floor(topic, 0, expected).orElseThrow();
            assertThat(e.baseOffset()).isEqualTo(expected);
            List<BatchEntry> after = reader.after(topic, 0, e.nextOffset() - 1, 3);
            if (!after.isEmpty()) {
                assertThat(after.get(0).baseOffset()).isEqualTo(e.nextOffset());
            }
            expected = e.nextOffset();
        }
        assertThat(reader.floor(topic, 0, end)).isEmpty();

        // Walking the whole partition again, page by page, needs no further head reads: the
        // newest record already seen bounds every lookup below the head.
        int before = log.latestReads();
        long at = 0;
        while (at < end) {
            List<BatchEntry> page = reader.after(topic, 0, at - 1, 8);
            at = page.isEmpty() ? end : page.get(page.size() - 1).nextOffset();
        }
        assertThat(log.latestReads() - before).isZero();
        assertThat(reader.firstWithMaxTimestampAtLeast(topic, 1, 0, 1000).orElseThrow().baseOffset()).isZero();
        assertThat(reader.firstWithMaxTimestampAtLeast(topic, 1, 0, 1001)).isEmpty();
    }
}
