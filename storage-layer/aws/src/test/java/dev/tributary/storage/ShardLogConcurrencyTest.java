package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ShardCommitter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Committers of separate instances (each with its own view of the log) racing on DynamoDB
 * Local over overlapping and disjoint partition sets, including shards of a 300-partition
 * topic: every acknowledged batch sits at its own offsets, offsets are dense, each writer's
 * batches of a partition keep their order, and the log finds every batch where the
 * acknowledgement said it is.
 */
class ShardLogConcurrencyTest {
    private final Storage storage = StorageTestSupport.storage();

    private record Ack(String segment, PartitionId partition, long base, int count, int writer, int sequence) {
    }

    @Test
    void parallelCommittersOnSeparateInstances_keepEveryOffsetOnceDenseAndOrdered() throws Exception {
        UUID wide = UUID.randomUUID();
        UUID narrow = UUID.randomUUID();
        int writers = 4;
        int segmentsPerWriter = 15;
        List<Ack> acks = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                ShardCommitter committer = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());
                start.await();
                for (int i = 0; i < segmentsPerWriter; i++) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    // Overlapping: a few hot partitions of both topics everyone writes; disjoint: the
                    // writer's own partitions in the second shard of the wide topic.
                    List<CommitRequest.Slice> slices = new ArrayList<>();
                    long position = 0;
                    for (PartitionId p : List.of(new PartitionId(wide, random.nextInt(3)), new PartitionId(narrow, 0),
                            new PartitionId(wide, 256 + writer))) {
                        int count = 1 + random.nextInt(4);
                        slices.add(CommitRequest.Slice.plain(p, position, 10, count, 1, 1));
                        position += 10;
                    }
                    String segment = "segments/race/" + writer + "-" + i + "-" + UUID.randomUUID() + ".seg";
                    CommitRequest.Outcome outcome = committer.commit(segment, position, List.of(new CommitRequest(slices))).get(0);
                    assertThat(outcome.accepted()).isTrue();
                    for (int k = 0; k < slices.size(); k++) {
                        acks.add(new Ack(segment, slices.get(k).partition(), outcome.baseOffsets()[k],
                                slices.get(k).recordCount(), writer, i));
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        LogReader reader = new LogReader(storage.shardLog(), 1 << 22);
        Map<PartitionId, TreeMap<Long, Ack>> byPartition = new ConcurrentHashMap<>();
        for (Ack a : acks) {
            Ack clash = byPartition.computeIfAbsent(a.partition, k -> new TreeMap<>()).put(a.base, a);
            assertThat(clash).as("offset %s of %s handed out twice", a.base, a.partition).isNull();
        }
        byPartition.forEach((p, ranges) -> {
            long expected = 0;
            Map<Integer, Integer> lastSequence = new TreeMap<>();
            for (Ack a : ranges.values()) {
                assertThat(a.base).as("dense offsets in %s", p).isEqualTo(expected);
                expected += a.count;
                Integer before = lastSequence.put(a.writer, a.sequence);
                assertThat(before == null || before < a.sequence).as("writer %s keeps its order in %s", a.writer, p).isTrue();
                BatchEntry entry = reader.floor(p.topicId(), p.partition(), a.base).orElseThrow();
                assertThat(entry.segmentKey()).isEqualTo(a.segment);
                assertThat(entry.baseOffset()).isEqualTo(a.base);
                assertThat(entry.recordCount()).isEqualTo(a.count);
            }
            assertThat(reader.head(p.topicId(), p.partition()).nextOffset()).isEqualTo(expected);
        });
        assertThat(byPartition.keySet()).contains(new PartitionId(wide, 256), new PartitionId(narrow, 0));
    }

    @Test
    void aPausedCommitterThatResumes_takesNoOffsetSomeoneElseHolds() {
        UUID topic = UUID.randomUUID();
        ShardCommitter zombie = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());
        ShardCommitter live = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());
        assertThat(zombie.commit("segments/z/1.seg", 1, List.of(Logs.plain(topic, 2, 0))).get(0).baseOffsets()).containsExactly(0L);
        // The zombie is paused here; another instance commits behind its back.
        for (int i = 0; i < 5; i++) {
            live.commit("segments/z/live-" + i + ".seg", 1, List.of(Logs.plain(topic, 1, 0)));
        }
        // It resumes with its stale view: the conditional put fails, it reads what it missed.
        assertThat(zombie.commit("segments/z/2.seg", 1, List.of(Logs.plain(topic, 3, 0))).get(0).baseOffsets())
                .containsExactly(7L);
        assertThat(new LogReader(storage.shardLog(), 1 << 20).head(topic, 0).nextOffset()).isEqualTo(10);
    }

    @Test
    void aProducerFencedByANewEpoch_cannotCommit_andTheRestOfTheSegmentDoes() {
        UUID topic = UUID.randomUUID();
        ProducerStore producers = storage.producers();
        long pid = producers.allocate().producerId();
        ShardCommitter committer = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());
        assertThat(committer.commit("segments/f/1.seg", 1, List.of(Logs.idempotent(topic, 0, pid, (short) 0, 0, 2)))
                .get(0).accepted()).isTrue();
        producers.bumpEpoch(pid);
        List<CommitRequest.Outcome> out = committer.commit("segments/f/2.seg", 1, List.of(
                Logs.idempotent(topic, 0, pid, (short) 0, 2, 1), Logs.plain(topic, 1, 0)));
        assertThat(out.get(0).error().code()).isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(out.get(1).baseOffsets()).containsExactly(2L);
        assertThat(committer.commit("segments/f/3.seg", 1, List.of(Logs.idempotent(topic, 0, pid, (short) 1, 0, 1)))
                .get(0).baseOffsets()).containsExactly(3L);
    }
}
