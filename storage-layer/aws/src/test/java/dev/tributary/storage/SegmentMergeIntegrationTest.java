package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.format.LogRecord;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.DelegatingShardLog;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.RealSegments;
import dev.tributary.storage.log.SegmentRewriter;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Merging on DynamoDB Local and s3proxy: the swap and its reference counts, crashes before and
 * after it, a zombie worker whose lease moved, and producers and consumers running while merges
 * happen.
 */
class SegmentMergeIntegrationTest {
    private static final Duration MIN_AGE = Duration.ofMinutes(10);
    private final Storage storage = StorageTestSupport.storage();
    private final LeaseFencingTest.TestClock clock = new LeaseFencingTest.TestClock();
    private final DynamoDbClient dynamo = LeaseFencingTest.client();
    private final LeaseStore leases = new DynamoDbLeaseStore(dynamo, storage.settings().tables(), clock);
    private final SegmentStore objects = storage.segments();
    private final ShardCommitter committer = Logs.committer(storage.shardLog(), objects, clock);
    private final UUID topic = UUID.randomUUID();
    private final ShardId shard = new ShardId(topic, 0);

    private SegmentRewriter rewriter(ShardLog log) {
        return new SegmentRewriter(log, new LogReader(log, 1 << 20), objects, clock,
                new SegmentRewriter.Settings(64L << 20, 1 << 20, MIN_AGE, 2));
    }

    private List<String> produce(int segments, int... partitions) {
        return RealSegments.produceMany(committer, objects, topic, clock.millis(), segments, 2, partitions);
    }

    private List<String> read(int partition) {
        return RealSegments.readSummary(storage.shardLog(), objects, topic, partition);
    }

    private Lease lease(String owner) {
        return leases.acquire("merge#" + shard.key(), owner, Duration.ofMinutes(1)).orElseThrow();
    }

    private Map<String, AttributeValue> reference(String key) {
        return dynamo.getItem(r -> r.tableName(storage.settings().tables().segments()).consistentRead(true)
                .key(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(key)))).item();
    }

    private int live(String key) {
        return Integer.parseInt(reference(key).get("liveBatches").n());
    }

    /** Objects other than {@code exclude} whose reference item has no live extents. */
    private Set<String> unused(Set<String> exclude) {
        Set<String> out = new HashSet<>();
        objects.list(o -> {
            if (!exclude.contains(o.key())) {
                Map<String, AttributeValue> ref = reference(o.key());
                if (ref != null && ref.containsKey("liveBatches") && ref.get("liveBatches").n().equals("0")) {
                    out.add(o.key());
                }
            }
        });
        return out;
    }

    @Test
    void swap_movesTheCountsInItsTransaction_andOldObjectsStayReadable() {
        List<String> originals = produce(8, 0, 1);
        List<String> before = read(0);
        clock.advance(MIN_AGE);
        SegmentRewriter r = rewriter(storage.shardLog());
        SegmentRewriter.Summary s = r.mergeAll(r.plan(shard, 0, 1, Long.MAX_VALUE), lease("a"));
        assertThat(s.merges()).isEqualTo(1);
        assertThat(read(0)).isEqualTo(before);
        CommitRecord head = storage.shardLog().latest(shard).orElseThrow();
        assertThat(head.isOverride()).isTrue();
        assertThat(live(head.segmentKey())).isEqualTo(1);
        assertThat(reference(head.segmentKey())).doesNotContainKey("releasedAtMs");
        assertThat(reference(head.segmentKey()).get("records").ss()).containsExactly(shard.key() + "@" + head.seq());
        for (String k : originals) {
            assertThat(live(k)).as("partition 1's extent is still live").isEqualTo(1);
            assertThat(reference(k).get("releasedAtMs").n()).isEqualTo(Long.toString(clock.millis()));
            assertThat(objects.read(k, 0, 10)).hasSize(10);
        }
        r.mergeAll(r.plan(shard, 1, 2, Long.MAX_VALUE), lease("a"));
        for (String k : originals) {
            assertThat(live(k)).as("both partitions merged: nothing points into the old object").isZero();
        }
        assertThat(read(1)).hasSize(16);
    }

    @Test
    void crashBeforeTheSwap_leavesTheLogAsItWas_andTheNewObjectUnusedOrOrphaned() {
        produce(4, 0);
        List<String> before = read(0);
        clock.advance(MIN_AGE);
        long seq = storage.shardLog().latest(shard).orElseThrow().seq();
        Set<String> existing = new HashSet<>();
        objects.list(o -> existing.add(o.key()));

        // Crash between the object's PUT and its reference: an object without a reference, an orphan.
        ShardLog noReference = new Crashing(storage.shardLog(), true);
        SegmentRewriter r1 = rewriter(noReference);
        assertThatThrownBy(() -> r1.mergeAll(r1.plan(shard, 0, 1, Long.MAX_VALUE), lease("a")))
                .isInstanceOf(IllegalStateException.class);
        List<String> orphans = new OrphanScanner(objects, storage.segmentReferences(), clock).findOrphans(Duration.ofMinutes(5));
        Set<String> added = new HashSet<>();
        objects.list(o -> {
            if (!existing.contains(o.key())) {
                added.add(o.key());
            }
        });
        assertThat(added).hasSize(1);
        assertThat(orphans).containsAll(added);

        // Crash between the reference and the swap: a reference with no live extents, for garbage collection.
        ShardLog noSwap = new Crashing(storage.shardLog(), false);
        SegmentRewriter r2 = rewriter(noSwap);
        assertThatThrownBy(() -> r2.mergeAll(r2.plan(shard, 0, 1, Long.MAX_VALUE), lease("a")))
                .isInstanceOf(IllegalStateException.class);
        Set<String> exclude = new HashSet<>(existing);
        exclude.addAll(added);
        Set<String> unused = unused(exclude);
        assertThat(unused).hasSize(1);
        assertThat(reference(unused.iterator().next())).containsKey("releasedAtMs");
        assertThat(storage.shardLog().latest(shard).orElseThrow().seq()).as("nothing written to the log").isEqualTo(seq);
        assertThat(read(0)).isEqualTo(before);

        // The next run does the work.
        SegmentRewriter r3 = rewriter(storage.shardLog());
        assertThat(r3.mergeAll(r3.plan(shard, 0, 1, Long.MAX_VALUE), lease("a")).merges()).isEqualTo(1);
        assertThat(read(0)).isEqualTo(before);
    }

    @Test
    void zombieWorker_resumingAfterItsLeaseMoved_isFenced() {
        produce(6, 0);
        List<String> before = read(0);
        clock.advance(MIN_AGE);
        SegmentRewriter zombie = rewriter(storage.shardLog());
        List<SegmentRewriter.Plan> zombiePlans = zombie.plan(shard, 0, 1, Long.MAX_VALUE);
        Lease old = lease("zombie");
        clock.advance(Duration.ofMinutes(2));
        SegmentRewriter successor = rewriter(storage.shardLog());
        Lease current = lease("successor");
        assertThat(current.epoch()).isGreaterThan(old.epoch());
        assertThat(successor.mergeAll(successor.plan(shard, 0, 1, Long.MAX_VALUE), current).merges()).isEqualTo(1);
        CommitRecord afterSuccessor = storage.shardLog().latest(shard).orElseThrow();

        SegmentRewriter.Summary late = zombie.mergeAll(zombiePlans, old);
        assertThat(late.merges()).isZero();
        assertThat(storage.shardLog().latest(shard).orElseThrow()).isEqualTo(afterSuccessor);
        assertThat(live(afterSuccessor.segmentKey())).isEqualTo(1);
        assertThat(read(0)).isEqualTo(before);
    }

    @Test
    void racingWorkers_withTheSamePlans_mergeOnce_andTheLaterOnesPlansAreDropped() throws Exception {
        List<String> originals = produce(6, 0);
        List<String> before = read(0);
        clock.advance(MIN_AGE);
        SegmentRewriter a = rewriter(storage.shardLog());
        SegmentRewriter b = rewriter(storage.shardLog());
        List<SegmentRewriter.Plan> plansA = a.plan(shard, 0, 1, Long.MAX_VALUE);
        List<SegmentRewriter.Plan> plansB = b.plan(shard, 0, 1, Long.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<SegmentRewriter.Summary>> runs = new ArrayList<>();
            for (Map.Entry<SegmentRewriter, List<SegmentRewriter.Plan>> w : Map.of(a, plansA, b, plansB).entrySet()) {
                runs.add(pool.submit(() -> {
                    String owner = "w" + System.identityHashCode(w.getKey());
                    for (int i = 0; i < 1_000_000; i++) {
                        java.util.Optional<Lease> lease = leases.acquire("merge#" + shard.key(), owner, Duration.ofMinutes(1));
                        if (lease.isPresent()) {
                            try {
                                return w.getKey().mergeAll(w.getValue(), lease.get());
                            } finally {
                                leases.release(lease.get());
                            }
                        }
                        Thread.onSpinWait();
                    }
                    return new SegmentRewriter.Summary(0, 0, 0, 0, false);
                }));
            }
            int merges = 0;
            for (Future<SegmentRewriter.Summary> f : runs) {
                merges += f.get().merges();
            }
            assertThat(merges).as("the second worker's plans predate the first one's override").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        SegmentRewriter.Summary late = a.mergeAll(plansA, lease("late"));
        assertThat(late.merges()).as("a plan made before another worker's override is dropped").isZero();
        assertThat(late.stale()).isEqualTo(1);
        assertThat(read(0)).isEqualTo(before);
        for (String k : originals) {
            assertThat(live(k)).as("released once").isZero();
        }
    }

    @Test
    void producersAndConsumers_whileMergesHappen_readEveryOffsetExactlyOnce_withTheSameBytes() throws Exception {
        produce(10, 0, 1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicBoolean done = new AtomicBoolean();
        try {
            List<Future<?>> producers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                producers.add(pool.submit(() -> {
                    ShardCommitter own = Logs.committer(storage.shardLog(), objects, clock);
                    for (int i = 0; i < 15; i++) {
                        RealSegments.produce(own, objects, topic, clock.millis(), 2, 0, 1);
                    }
                    return null;
                }));
            }
            // A consumer tailing partition 0 with one long-lived reader, position by position.
            Future<List<LogRecord>> consumer = pool.submit(() -> {
                LogReader reader = new LogReader(storage.shardLog(), 1 << 20);
                List<LogRecord> seen = new ArrayList<>();
                while (true) {
                    boolean finished = done.get();
                    long position = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).offset() + 1;
                    long end = reader.head(topic, 0).nextOffset();
                    if (position < end) {
                        List<LogRecord> page = RealSegments.readAll(reader, objects, topic, 0, position);
                        seen.addAll(page);
                    } else if (finished) {
                        return seen;
                    }
                }
            });
            SegmentRewriter r = rewriter(storage.shardLog());
            int merges = 0;
            for (int round = 0; round < 4; round++) {
                clock.advance(MIN_AGE);
                merges += r.mergeAll(r.plan(shard, 0, 2, Long.MAX_VALUE), lease("m")).merges();
            }
            for (Future<?> f : producers) {
                f.get();
            }
            clock.advance(MIN_AGE);
            merges += r.mergeAll(r.plan(shard, 0, 2, Long.MAX_VALUE), lease("m")).merges();
            done.set(true);
            List<LogRecord> consumed = consumer.get();
            assertThat(merges).isGreaterThanOrEqualTo(2);
            List<String> finalRead = read(0);
            assertThat(finalRead).hasSize(2 * (10 + 30));
            for (int i = 0; i < finalRead.size(); i++) {
                assertThat(finalRead.get(i)).startsWith(i + "=");
            }
            assertThat(RealSegments.summary(consumed)).as("the tailing consumer saw every offset once, same bytes")
                    .isEqualTo(finalRead);
            assertThat(read(1)).hasSize(80);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    /** A log that fails, like a crashed worker, before the reference ({@code early}) or before the swap. */
    private static final class Crashing extends DelegatingShardLog {
        private final boolean early;

        Crashing(ShardLog d, boolean early) {
            super(d);
            this.early = early;
        }

        @Override
        public MaintenanceAppend appendOverride(CommitRecord r, Lease l, ExtentsMoved m) {
            throw new IllegalStateException("crashed before the swap");
        }

        @Override
        public void putUnusedReference(SegmentReference ref, ShardId s) {
            if (early) {
                throw new IllegalStateException("crashed before the reference");
            }
            super.putUnusedReference(ref, s);
        }
    }
}
