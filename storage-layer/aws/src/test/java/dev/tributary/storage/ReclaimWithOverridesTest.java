package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.DelegatingShardLog;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.RealSegments;
import dev.tributary.storage.log.SegmentRewriter;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reclaiming below the log start when merging and compaction have replaced extents, on
 * DynamoDB Local and s3proxy: every count is checked exactly at every step (so a double
 * decrement, or a count the releaser had to leave alone, fails the test), every readable offset
 * keeps its bytes, and every object (original, merged, compacted) is collected once below the
 * start. Also a deleted topic whose data was merged, and garbage collection racing a merge
 * between its reference and its swap.
 */
class ReclaimWithOverridesTest {
    private static final Duration MIN_AGE = Duration.ofMinutes(10);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private final Storage storage = StorageTestSupport.storage();
    private final LeaseFencingTest.TestClock clock = new LeaseFencingTest.TestClock();
    private final DynamoDbClient dynamo = LeaseFencingTest.client();
    private final DynamoDbTables tables = storage.settings().tables();
    private final LeaseStore leases = new DynamoDbLeaseStore(dynamo, tables, clock);
    private final SegmentStore objects = storage.segments();
    private final ShardCommitter committer = Logs.committer(storage.shardLog(), objects, clock);
    private final SegmentReleaser releaser = new SegmentReleaser(dynamo, tables, storage.shardLog(),
            storage.reclaimFrontiers(), clock);
    private final SegmentCollector collector = new SegmentCollector(dynamo, tables, objects, leases, clock);
    private final String owner = "test-" + UUID.randomUUID();

    private SegmentRewriter rewriter(ShardLog log) {
        return new SegmentRewriter(log, new LogReader(log, 1 << 20), objects, clock,
                new SegmentRewriter.Settings(64L << 20, 1 << 20, MIN_AGE, 2));
    }

    private Lease lease(String kind, ShardId shard) {
        return leases.acquire(kind + "#" + shard.key(), owner, LEASE).orElseThrow();
    }

    private CommitRecord merge(ShardId shard, int partition) {
        SegmentRewriter r = rewriter(storage.shardLog());
        assertThat(r.mergeAll(r.plan(shard, partition, partition + 1, Long.MAX_VALUE), lease("merge", shard)).merges())
                .isEqualTo(1);
        return head(shard);
    }

    private CommitRecord head(ShardId shard) {
        return storage.shardLog().latest(shard).orElseThrow();
    }

    private Map<String, AttributeValue> reference(String key) {
        return dynamo.getItem(r -> r.tableName(tables.segments()).consistentRead(true)
                .key(Map.of(DynamoDbTables.SEGMENTS_PK, AttributeValue.fromS(key)))).item();
    }

    /** The live count of {@code key}; -1 when its reference item is gone. */
    private long live(String key) {
        Map<String, AttributeValue> ref = reference(key);
        return ref == null || ref.isEmpty() ? -1 : Long.parseLong(ref.get("liveBatches").n());
    }

    private void assertLive(List<String> keys, long expected, String what) {
        for (String k : keys) {
            assertThat(live(k)).as("%s %s", what, k).isEqualTo(expected);
        }
    }

    private boolean stored(String key) {
        Set<String> keys = new HashSet<>();
        objects.list(o -> keys.add(o.key()));
        return keys.contains(key);
    }

    private void assertGone(List<String> keys) {
        Set<String> left = new HashSet<>();
        objects.list(o -> left.add(o.key()));
        for (String k : keys) {
            assertThat(left).as("object %s", k).doesNotContain(k);
            assertThat(live(k)).as("reference of %s", k).isEqualTo(-1);
        }
    }

    /** Offset and value of every record of the partition from {@code from} on, through a cold reader. */
    private List<String> read(UUID topic, int partition, long from) {
        return RealSegments.summary(RealSegments.readAll(new LogReader(storage.shardLog(), 1 << 20), objects, topic,
                partition, from));
    }

    private static List<String> from(List<String> summary, long offset) {
        return summary.stream().filter(s -> Long.parseLong(s.substring(0, s.indexOf('='))) >= offset).toList();
    }

    private SegmentReleaser.Result release(ShardId shard) {
        SegmentReleaser.Result r = releaser.release(shard, lease("reclaim", shard), 100_000);
        assertThat(r.segmentsNotCounted()).as("counts the releaser could not take exactly").isZero();
        assertThat(r.fenced()).isFalse();
        return r;
    }

    private void collect() {
        SegmentCollector.Result gc = collector.collect(Duration.ZERO, LEASE, 100_000);
        assertThat(gc.fenced()).isFalse();
    }

    @Test
    void mergedTwiceThenStartPassesPartAndAllOfIt_countsExactAtEveryStep_everyObjectCollectedOnce() {
        UUID topic = UUID.randomUUID();
        ShardId shard = new ShardId(topic, 0);
        List<String> a = RealSegments.produceMany(committer, objects, topic, clock.millis(), 20, 2, 0, 1);
        assertLive(a, 2, "original");
        clock.advance(MIN_AGE);
        CommitRecord o1 = merge(shard, 0);
        assertThat(o1.override(0).orElseThrow().toOffset()).isEqualTo(40);
        assertLive(a, 1, "original after partition 0 merged");
        assertLive(List.of(o1.segmentKey()), o1.extents().size(), "first merged object");

        List<String> b = RealSegments.produceMany(committer, objects, topic, clock.millis(), 10, 2, 0, 1);
        clock.advance(MIN_AGE);
        CommitRecord o2 = merge(shard, 1);
        assertThat(o2.override(1).orElseThrow()).extracting(o -> o.fromOffset(), o -> o.toOffset()).containsExactly(0L, 60L);
        assertLive(a, 0, "original after both partitions merged");
        assertLive(b, 1, "newer original after partition 1 merged");
        // The first merged object's small extent is merged again with the newer entries: an override over an override.
        CommitRecord o3 = merge(shard, 0);
        assertThat(o3.override(0).orElseThrow()).extracting(o -> o.fromOffset(), o -> o.toOffset()).containsExactly(0L, 60L);
        assertLive(List.of(o1.segmentKey()), 0, "first merged object, merged again");
        assertLive(b, 0, "newer original after both partitions merged");

        // Enough further commits (partition 2) for a producer snapshot, so the log can be trimmed.
        List<String> pad = new ArrayList<>();
        while (head(shard).seq() < ShardCommitter.SNAPSHOT_EVERY + 2) {
            pad.add(RealSegments.produce(committer, objects, topic, clock.millis(), 1, 2));
        }
        List<String> p0 = read(topic, 0, 0);
        List<String> p1 = read(topic, 1, 0);
        assertThat(p0).hasSize(60);
        assertThat(p1).hasSize(60);

        // The start passes part of the merged ranges.
        committer.moveLogStart(shard, Map.of(0, 20L, 1, 20L), null);
        SegmentReleaser.Result first = release(shard);
        assertThat(first.recordsReleased()).as("originals 1..10; original 11 still holds offsets 20, 21").isEqualTo(10);
        assertThat(first.extentsReleased()).as("all of their extents were replaced by merges").isZero();
        assertLive(List.of(o2.segmentKey()), o2.extents().size(), "second merged object");
        assertLive(List.of(o3.segmentKey()), o3.extents().size(), "third merged object");
        collect();
        assertGone(a);
        assertGone(List.of(o1.segmentKey()));
        assertThat(stored(o2.segmentKey()) && stored(o3.segmentKey())).isTrue();
        assertThat(storage.logTrimmer().trim(shard, lease("reclaim", shard), 100_000).itemsDeleted()).isEqualTo(10);
        assertThat(read(topic, 0, 20)).isEqualTo(from(p0, 20));
        assertThat(read(topic, 1, 20)).isEqualTo(from(p1, 20));
        // Planning on the trimmed log, with a cutoff older than every record kept: nothing to do, nothing missing.
        assertThat(rewriter(storage.shardLog()).planCompaction(shard, 0, 3, Duration.ofMinutes(30).toMillis(),
                Long.MAX_VALUE)).isEmpty();
        assertThat(rewriter(storage.shardLog()).plan(shard, 0, 3, Long.MAX_VALUE)).isEmpty();

        // The start passes all of it: every record is released, merged objects included, each count once.
        long end2 = head(shard).nextOffset(2);
        committer.moveLogStart(shard, Map.of(0, 60L, 1, 60L, 2, end2), null);
        SegmentReleaser.Result all = release(shard);
        assertThat(storage.reclaimFrontiers().read(shard).releasedSeq()).isEqualTo(head(shard).seq());
        assertThat(all.extentsReleased()).isEqualTo(o2.extents().size() + o3.extents().size() + pad.size());
        assertLive(List.of(o2.segmentKey(), o3.segmentKey()), 0, "merged object below the start");
        assertLive(pad, 0, "padding below the start");
        collect();
        assertGone(b);
        assertGone(pad);
        assertGone(List.of(o2.segmentKey(), o3.segmentKey()));

        // Trimming removes the override records too; readers following the chain of overrides stop at the gap.
        assertThat(storage.logTrimmer().trim(shard, lease("reclaim", shard), 100_000).itemsDeleted())
                .isEqualTo(head(shard).snapshot().seq() - 1 - 10);
        assertThat(storage.shardLog().get(shard, o3.seq())).isEmpty();
        assertThat(head(shard).newestOverrideSeq()).isEqualTo(o3.seq());
        assertThat(read(topic, 0, 60)).isEmpty();
        RealSegments.produce(committer, objects, topic, clock.millis(), 2, 0);
        List<String> after = read(topic, 0, 60);
        assertThat(after).hasSize(2);
        assertThat(after.get(0)).startsWith("60=");
    }

    @Test
    void compactedThenStartPassesPartAndAllOfIt_racingReleasers_countsExact_everyObjectCollected() throws Exception {
        UUID topic = UUID.randomUUID();
        ShardId shard = new ShardId(topic, 0);
        List<String> a = RealSegments.produceMany(committer, objects, topic, clock.millis(), 20, 2, 0, 1);
        clock.advance(MIN_AGE);
        SegmentRewriter r = rewriter(storage.shardLog());
        assertThat(r.compactAll(r.planCompaction(shard, 0, 1, 0, Long.MAX_VALUE), lease("merge", shard), -1).merges())
                .isEqualTo(1);
        CommitRecord c = head(shard);
        assertThat(c.override(0).orElseThrow()).extracting(o -> o.fromOffset(), o -> o.toOffset()).containsExactly(0L, 38L);
        assertLive(a.subList(0, 19), 1, "original whose partition 0 was compacted");
        assertLive(a.subList(19, 20), 2, "original of the active part");
        List<String> p0 = read(topic, 0, 0);
        List<String> p1 = read(topic, 1, 0);
        assertThat(p0).hasSize(4);

        committer.moveLogStart(shard, Map.of(0, 20L, 1, 20L), null);
        assertThat(release(shard).extentsReleased()).as("partition 1's extents of originals 1..10").isEqualTo(10);
        assertLive(a.subList(0, 10), 0, "original below the start");
        assertLive(a.subList(10, 19), 1, "original still holding readable offsets");
        assertLive(List.of(c.segmentKey()), c.extents().size(), "compacted object");
        collect();
        assertGone(a.subList(0, 10));
        assertThat(read(topic, 0, 20)).isEqualTo(from(p0, 20));
        assertThat(read(topic, 1, 20)).isEqualTo(from(p1, 20));

        // Four releasers holding the lease at once (a retry racing its own applied attempt): each record once.
        committer.moveLogStart(shard, Map.of(0, 40L, 1, 40L), null);
        Lease lease = lease("reclaim", shard);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SegmentReleaser.Result>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racing.add(pool.submit(() -> releaser.release(shard, lease, 100_000)));
            }
            long extents = 0;
            for (Future<SegmentReleaser.Result> f : racing) {
                SegmentReleaser.Result result = f.get(1, TimeUnit.MINUTES);
                assertThat(result.segmentsNotCounted()).isZero();
                extents += result.extentsReleased();
            }
            assertThat(extents).isEqualTo(9 + 2 + c.extents().size());
        } finally {
            pool.shutdownNow();
        }
        assertLive(a.subList(10, 20), 0, "original below the start");
        assertLive(List.of(c.segmentKey()), 0, "compacted object below the start");
        collect();
        assertGone(a);
        assertGone(List.of(c.segmentKey()));
    }

    /** One segment with a batch of {@code records} records for partition 0 of each topic; its key. */
    private String shared(UUID first, UUID second, int records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<CommitRequest> requests = new ArrayList<>();
        for (UUID topic : List.of(first, second)) {
            List<RecordDraft> drafts = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                drafts.add(RecordDraft.of(clock.millis(), null, (topic + ":" + i).getBytes(StandardCharsets.UTF_8)));
            }
            ByteBuffer batch = RecordBatches.build(drafts, Compression.NONE);
            byte[] bytes = new byte[batch.remaining()];
            batch.get(bytes);
            requests.add(new CommitRequest(List.of(CommitRequest.Slice.plain(new PartitionId(topic, 0), out.size(),
                    bytes.length, records, clock.millis(), clock.millis()))));
            out.writeBytes(bytes);
        }
        String key = SegmentKeys.newKey();
        objects.put(key, out.toByteArray());
        committer.commit(key, out.size(), requests);
        return key;
    }

    @Test
    void deletedTopicWhoseDataWasMerged_sharedSegmentsKeepTheLiveTopicsCount_andEverythingGoesEventually() {
        Topic gone = storage.topics().create("merged-gone-" + UUID.randomUUID(), 1, TopicConfig.DEFAULTS);
        Topic kept = storage.topics().create("merged-kept-" + UUID.randomUUID(), 1, TopicConfig.DEFAULTS);
        ShardId goneShard = new ShardId(gone.topicId(), 0);
        ShardId keptShard = new ShardId(kept.topicId(), 0);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            segments.add(shared(gone.topicId(), kept.topicId(), 2));
        }
        assertLive(segments, 2, "shared segment");
        clock.advance(MIN_AGE);
        CommitRecord merged = merge(goneShard, 0);
        assertLive(segments, 1, "shared segment after the deleted topic's data was merged");
        List<String> keptBefore = read(kept.topicId(), 0, 0);

        storage.topics().delete(gone.name());
        DeletedTopicCollector gc = new DeletedTopicCollector(dynamo, tables, storage.topics(), storage.shardLog(), objects,
                leases, clock);
        clock.advance(Duration.ofSeconds(1));
        gc.collect(Duration.ZERO, LEASE, 100_000);
        assertThat(storage.topics().deletedTopicIds()).doesNotContain(gone.topicId());
        assertThat(storage.shardLog().latest(goneShard)).isEmpty();
        assertGone(List.of(merged.segmentKey()));
        assertLive(segments, 1, "shared segment: only the live topic's extent is left, counted once");
        collect();
        assertThat(segments).allMatch(this::stored);
        assertThat(read(kept.topicId(), 0, 0)).isEqualTo(keptBefore).hasSize(16);

        committer.moveLogStart(keptShard, Map.of(0, 16L), null);
        assertThat(release(keptShard).extentsReleased()).isEqualTo(8);
        collect();
        assertGone(segments);
    }

    /**
     * Merges six small entries through {@code racing} (wrapping the real log), which must make the
     * swap fail: the log, the counts and what readers read stay as they were.
     */
    private void mergeFailsAndChangesNothing(java.util.function.UnaryOperator<ShardLog> racing) {
        UUID topic = UUID.randomUUID();
        ShardId shard = new ShardId(topic, 0);
        List<String> originals = RealSegments.produceMany(committer, objects, topic, clock.millis(), 6, 2, 0);
        List<String> before = read(topic, 0, 0);
        clock.advance(MIN_AGE);
        CommitRecord head = head(shard);
        SegmentRewriter r = rewriter(racing.apply(storage.shardLog()));
        SegmentRewriter.Summary s = r.mergeAll(r.plan(shard, 0, 1, Long.MAX_VALUE), lease("merge", shard));
        assertThat(s.merges()).isZero();
        assertThat(s.stale()).isEqualTo(1);
        assertThat(head(shard)).isEqualTo(head);
        assertLive(originals, 1, "original, untouched");
        assertThat(read(topic, 0, 0)).isEqualTo(before);
    }

    @Test
    void garbageCollectionBetweenAMergesReferenceAndItsSwap_deletesTheUnusedObject_andTheSwapFails() {
        List<String> written = new ArrayList<>();
        mergeFailsAndChangesNothing(log -> new DelegatingShardLog(log) {
            @Override
            public MaintenanceAppend appendOverride(CommitRecord r, Lease l, ExtentsMoved m) {
                written.add(m.segmentKey());
                assertThat(live(m.segmentKey())).isZero();
                collect(); // grace 0: the reference written with no live extents is due
                assertGone(List.of(m.segmentKey()));
                return super.appendOverride(r, l, m);
            }
        });
        assertThat(written).hasSize(1);
        assertThat(live(written.get(0))).as("the swap did not bring the reference back").isEqualTo(-1);
    }

    @Test
    void releaseOfOneShardRacingAMergeOfAnotherOnTheSameObjects_eachExtentCountedDownOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                UUID topic = UUID.randomUUID();
                ShardId first = new ShardId(topic, 0);
                ShardId second = new ShardId(topic, 1);
                // Every object holds one extent of each shard (partitions 0 and 256).
                List<String> shared = RealSegments.produceMany(committer, objects, topic, clock.millis(), 12, 2, 0, 256);
                assertLive(shared, 2, "object shared by two shards");
                List<String> secondBefore = read(topic, 256, 0);
                clock.advance(MIN_AGE);
                committer.moveLogStart(first, Map.of(0, 24L), null);
                CountDownLatch go = new CountDownLatch(1);
                Future<SegmentReleaser.Result> released = pool.submit(() -> {
                    go.await();
                    return release(first);
                });
                Future<CommitRecord> merged = pool.submit(() -> {
                    go.await();
                    SegmentRewriter r = rewriter(storage.shardLog());
                    // A swap that lost to the releaser's decrement is stale: plan again.
                    while (r.mergeAll(r.plan(second, 256, 257, Long.MAX_VALUE), lease("merge", second)).merges() == 0) {
                        assertThat(r.plan(second, 256, 257, Long.MAX_VALUE)).isNotEmpty();
                    }
                    return head(second);
                });
                go.countDown();
                assertThat(released.get(1, TimeUnit.MINUTES).extentsReleased()).isEqualTo(12);
                CommitRecord o = merged.get(1, TimeUnit.MINUTES);
                assertLive(shared, 0, "object released by one shard and merged away by the other");
                assertLive(List.of(o.segmentKey()), o.extents().size(), "merged object");
                assertThat(read(topic, 256, 0)).isEqualTo(secondBefore);
                collect();
                assertGone(shared);
                assertThat(read(topic, 256, 0)).isEqualTo(secondBefore);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMergesSwapLandingWhileTheCollectorDeletesItsObject_eitherTheSwapOrTheDeletionFails() {
        // The collector re-reads the merge's unused reference (count 0, due), and the swap lands at the
        // worst moment: when the collector turns to the object, after it has decided to delete it.
        List<ShardLog.MaintenanceAppend> swaps = new ArrayList<>();
        mergeFailsAndChangesNothing(log -> new DelegatingShardLog(log) {
            @Override
            public MaintenanceAppend appendOverride(CommitRecord r, Lease l, ExtentsMoved m) {
                SegmentStore hooked = new SegmentStore() {
                    @Override public void put(String key, byte[] bytes) { objects.put(key, bytes); }
                    @Override public byte[] read(String key, long position, int length) { return objects.read(key, position, length); }
                    @Override public byte[] readAll(String key) { return objects.readAll(key); }
                    @Override public java.net.URI presignGet(String key, Duration ttl) { return objects.presignGet(key, ttl); }
                    @Override public java.net.URI presignGetRange(String key, long p, int n, Duration ttl) {
                        return objects.presignGetRange(key, p, n, ttl);
                    }
                    @Override public void list(java.util.function.Consumer<StoredObject> sink) { objects.list(sink); }
                    @Override public void listUnder(String prefix, java.util.function.Consumer<StoredObject> sink) {
                        objects.listUnder(prefix, sink);
                    }
                    @Override public void delete(String key) {
                        if (key.equals(m.segmentKey()) && swaps.isEmpty()) {
                            swaps.add(log.appendOverride(r, l, m));
                        }
                        objects.delete(key);
                    }
                };
                new SegmentCollector(dynamo, tables, hooked, leases, clock).collect(Duration.ZERO, LEASE, 100_000);
                return swaps.isEmpty() ? log.appendOverride(r, l, m) : swaps.get(0);
            }
        });
        assertThat(swaps).containsExactly(ShardLog.MaintenanceAppend.REFERENCES_CHANGED);
    }
}
