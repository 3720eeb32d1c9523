package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.RetentionPlanner;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.SnapshotRef;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Reclaiming storage below the log start on the embedded stack: releasing segment counts
 * (exactly once, fenced), deleting unreferenced segments (never a referenced one), trimming
 * the log (readers, committers and retention still right afterwards), and segments shared
 * with a deleted topic.
 */
class SegmentReclaimTest {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private final Storage storage = StorageTestSupport.storage();
    private final String owner = "test-" + UUID.randomUUID();
    private final ShardCommitter committer = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());

    private String segment(List<CommitRequest> requests) {
        String key = SegmentKeys.newKey();
        storage.segments().put(key, new byte[200]);
        committer.commit(key, 200, requests);
        return key;
    }

    private static CommitRequest batch(Topic t, int partition) {
        return new CommitRequest(List.of(CommitRequest.Slice.plain(new PartitionId(t.topicId(), partition),
                partition * 100L, 100, 5, 1000, 1000)));
    }

    private Set<String> objects() {
        Set<String> keys = new HashSet<>();
        storage.segments().list(o -> keys.add(o.key()));
        return keys;
    }

    private long logItems(ShardId shard) {
        return storage.shardLog().after(shard, 0, 100_000).size();
    }

    private Lease lease(ShardId shard) {
        return storage.leases().acquire("reclaim#" + shard.key(), owner, LEASE).orElseThrow();
    }

    private Topic topic(String name, int partitions) {
        return storage.topics().create(name + "-" + UUID.randomUUID(), partitions, TopicConfig.DEFAULTS);
    }

    /** Every offset of {@code [from, to)} of the partition is found and its bytes are readable. */
    private void assertReadable(LogReader reader, Topic t, int partition, long from, long to) {
        for (long offset = from; offset < to; offset += 5) {
            var entry = reader.floor(t.topicId(), partition, offset);
            assertThat(entry).as("offset %d of %s/%d", offset, t.name(), partition).isPresent();
            assertThat(storage.segments().read(entry.get().segmentKey(), entry.get().position(), entry.get().length()))
                    .hasSize(entry.get().length());
        }
    }

    @Test
    void belowTheStart_segmentsReleasedCollectedAndLogTrimmed_liveDataAndWritersUnaffected() {
        Topic t = topic("reclaim", 2);
        Topic other = topic("reclaim-other", 1);
        ShardId shard = new ShardId(t.topicId(), 0);
        List<String> keys = new ArrayList<>();
        String shared = null;
        for (int i = 1; i <= ShardCommitter.SNAPSHOT_EVERY + 88; i++) {
            List<CommitRequest> requests = new ArrayList<>(List.of(batch(t, 0)));
            if (i % 10 == 0) {
                requests.add(batch(t, 1));
            }
            if (i == 5) {
                requests.add(batch(other, 0));
            }
            String key = segment(requests);
            keys.add(key);
            if (i == 5) {
                shared = key;
            }
        }
        // Partition 0 keeps its last 200 batches; partition 1 keeps nothing.
        committer.moveLogStart(shard, Map.of(0, 2000L, 1, 300L), null);

        SegmentCollector.Result early = storage.segmentCollector().collect(Duration.ZERO, LEASE, 100_000);
        assertThat(early.busy()).isFalse();
        assertThat(objects()).containsAll(keys);

        SegmentReleaser.Result released = storage.segmentReleaser().release(shard, lease(shard), 100_000);
        assertThat(released.recordsReleased()).isEqualTo(400);
        assertThat(released.segmentsEmptied()).isEqualTo(399);
        assertThat(storage.reclaimFrontiers().read(shard).releasedSeq()).isEqualTo(400);
        assertThat(storage.segmentReleaser().release(shard, lease(shard), 100_000).recordsReleased()).isZero();
        assertThat(storage.segmentReleaser().liveCounts(List.of(shared))).containsEntry(shared, 1L);

        SegmentCollector.Result gc = storage.segmentCollector().collect(Duration.ZERO, LEASE, 100_000);
        assertThat(gc.objectsDeleted()).isGreaterThanOrEqualTo(399);
        Set<String> left = objects();
        for (int i = 0; i < keys.size(); i++) {
            boolean below = i < 400 && !keys.get(i).equals(shared);
            assertThat(left.contains(keys.get(i))).as("segment of record %d", i + 1).isEqualTo(!below);
        }
        assertThat(storage.segmentReferences().committed(keys)).hasSize(keys.size() - 399);

        String olderSnapshot = SnapshotRef.prefix(shard) + "1-older.snap";
        storage.segments().put(olderSnapshot, new byte[] {1});
        LogTrimmer.Result trimmed = storage.logTrimmer().trim(shard, lease(shard), 100_000);
        assertThat(trimmed.itemsDeleted()).isEqualTo(400);
        assertThat(trimmed.snapshotsDeleted()).isEqualTo(1);
        Set<String> snapshots = new HashSet<>();
        storage.segments().listUnder(SnapshotRef.prefix(shard), o -> snapshots.add(o.key()));
        assertThat(snapshots).doesNotContain(olderSnapshot).hasSize(1);
        assertThat(logItems(shard)).isEqualTo(keys.size() + 1 - 400);
        assertThat(storage.logTrimmer().trim(shard, lease(shard), 100_000).itemsDeleted()).isZero();

        // A cold reader and a cold committer work on the trimmed log.
        LogReader reader = new LogReader(storage.shardLog(), 1 << 20);
        assertReadable(reader, t, 0, 2000, 3000);
        assertReadable(reader, other, 0, 0, 5);
        assertThat(reader.head(t.topicId(), 0).logStartOffset()).isEqualTo(2000);
        assertThat(reader.firstWithMaxTimestampAtLeast(t.topicId(), 0, 2000, 0)).get()
                .extracting(e -> e.baseOffset()).isEqualTo(2000L);
        ShardCommitter cold = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());
        String key = SegmentKeys.newKey();
        storage.segments().put(key, new byte[200]);
        assertThat(cold.commit(key, 200, List.of(batch(t, 0), batch(t, 1))).get(0).baseOffsets()).containsExactly(3000L);
        assertThat(reader.head(t.topicId(), 1).nextOffset()).isEqualTo(305);
        assertReadable(reader, t, 0, 2000, 3005);
        assertThat(new RetentionPlanner(storage.shardLog(), 10_000).plan(shard, 0, 2, -1, 150, System.currentTimeMillis()))
                .containsEntry(0, 2995L).doesNotContainKey(1);
        assertThat(new RetentionPlanner(storage.shardLog(), 10_000).plan(shard, 0, 2, 0, -1, Long.MAX_VALUE))
                .containsEntry(0, 3005L).containsEntry(1, 305L);

        // A cold committer whose snapshot is gone (deleted by a racing trim) still commits right.
        storage.segments().listUnder(SnapshotRef.prefix(shard), o -> storage.segments().delete(o.key()));
        ShardCommitter withoutSnapshot = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());
        String last = SegmentKeys.newKey();
        storage.segments().put(last, new byte[200]);
        assertThat(withoutSnapshot.commit(last, 200, List.of(batch(t, 0))).get(0).baseOffsets()).containsExactly(3005L);
    }

    /** A one-partition topic's only segment, with the start moved past it. */
    private record Expired(ShardId shard, String key) {
    }

    private Expired expiredSegment(String name) {
        Topic t = topic(name, 1);
        ShardId shard = new ShardId(t.topicId(), 0);
        String key = segment(List.of(batch(t, 0)));
        committer.moveLogStart(shard, Map.of(0, 5L), null);
        return new Expired(shard, key);
    }

    @Test
    void workerWhoseLeaseMoved_releasesNothing() {
        Expired expired = expiredSegment("reclaim-fenced");
        ShardId shard = expired.shard();
        String key = expired.key();
        Lease stale = storage.leases().acquire("reclaim#" + shard.key(), "zombie", Duration.ZERO).orElseThrow();
        storage.leases().acquire("reclaim#" + shard.key(), "successor", LEASE).orElseThrow();

        assertThat(storage.segmentReleaser().release(shard, stale, 100).fenced()).isTrue();
        assertThat(storage.reclaimFrontiers().read(shard).releasedSeq()).isZero();
        assertThat(storage.segmentReleaser().liveCounts(List.of(key))).containsEntry(key, 1L);
    }

    @Test
    void releaseWhoseResponseIsLost_isNotAppliedTwiceByTheRetry() {
        Expired expired = expiredSegment("reclaim-lost");
        DynamoDbClient real = EmbeddedStack.shared().dynamoDbClient();
        AtomicInteger lose = new AtomicInteger(1);
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Object result = method.invoke(real, args);
                if (method.getName().equals("transactWriteItems") && lose.getAndDecrement() > 0) {
                    throw SdkClientException.create("injected: response lost after the transaction was applied");
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        DynamoDbClient flaky = (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
        DynamoDbTables tables = storage.settings().tables();
        SegmentReleaser lossy = new SegmentReleaser(flaky, tables, storage.shardLog(), new ReclaimFrontiers(flaky, tables),
                Clock.systemUTC());
        Lease lease = lease(expired.shard());

        try {
            lossy.release(expired.shard(), lease, 100); // applied, but its answer is lost on the way back
        } catch (RuntimeException unknownOutcome) {
            // either surfaced or resolved inside the releaser: the outcome below must be the same
        }
        SegmentReleaser.Result retry = storage.segmentReleaser().release(expired.shard(), lease, 100);

        assertThat(lose.get()).as("the one release transaction lost its response").isZero();
        assertThat(retry.extentsReleased()).as("the retry finds the extent already released").isZero();
        assertThat(retry.segmentsNotCounted()).isZero();
        assertThat(storage.segmentReleaser().liveCounts(List.of(expired.key()))).containsEntry(expired.key(), 0L);
        assertThat(storage.reclaimFrontiers().read(expired.shard()).releasedSeq()).isEqualTo(2);
    }

    @Test
    void releasersRacingOnOneShard_releaseEachRecordOnce() throws Exception {
        Topic t = topic("reclaim-race", 1);
        ShardId shard = new ShardId(t.topicId(), 0);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            keys.add(segment(List.of(batch(t, 0))));
        }
        committer.moveLogStart(shard, Map.of(0, 750L), null);
        Lease lease = lease(shard);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SegmentReleaser.Result>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit((Callable<SegmentReleaser.Result>) () ->
                        storage.segmentReleaser().release(shard, lease, 100_000)));
            }
            long total = 0;
            for (Future<SegmentReleaser.Result> f : results) {
                total += f.get().extentsReleased();
            }
            assertThat(total).isEqualTo(150);
        } finally {
            pool.shutdownNow();
        }
        // 150 records with data, then the start move (a record without extents: released too).
        assertThat(storage.reclaimFrontiers().read(shard).releasedSeq()).isEqualTo(151);
        assertThat(storage.segmentReleaser().liveCounts(keys).values()).hasSize(150).containsOnly(0L);
    }

    @Test
    void segmentSharedWithDeletedTopic_isCollectedWhenTheLiveSideIsReleased() {
        Topic doomed = topic("reclaim-doomed", 1);
        Topic live = topic("reclaim-live", 1);
        ShardId liveShard = new ShardId(live.topicId(), 0);
        String shared = segment(List.of(batch(doomed, 0), batch(live, 0)));
        String later = segment(List.of(batch(live, 0)));
        committer.moveLogStart(liveShard, Map.of(0, 5L), null);
        assertThat(storage.segmentReleaser().release(liveShard, lease(liveShard), 100).recordsReleased()).isEqualTo(1);
        storage.topics().delete(doomed.name());

        storage.deletedTopics().collect(Duration.ZERO, LEASE, 10_000);
        assertThat(storage.segmentReleaser().liveCounts(List.of(shared, later)))
                .containsEntry(shared, 0L).containsEntry(later, 1L);
        storage.segmentCollector().collect(Duration.ZERO, LEASE, 100_000);
        assertThat(objects()).doesNotContain(shared).contains(later);
        assertThat(storage.reclaimFrontiers().read(new ShardId(doomed.topicId(), 0)))
                .isEqualTo(ReclaimFrontiers.Frontier.NONE);
    }

    @Test
    void collectorHonoursTheGracePeriod() {
        Expired expired = expiredSegment("reclaim-grace");
        ShardId shard = expired.shard();
        String key = expired.key();
        storage.segmentReleaser().release(shard, lease(shard), 100);
        storage.segmentCollector().collect(Duration.ofHours(1), LEASE, 100_000);
        assertThat(objects()).contains(key);
        storage.segmentCollector().collect(Duration.ZERO, LEASE, 100_000);
        assertThat(objects()).doesNotContain(key);
    }
}
