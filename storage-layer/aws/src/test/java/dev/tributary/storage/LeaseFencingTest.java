package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Leases and the fencing of maintenance writes on DynamoDB Local: workers racing for one
 * lease, a paused worker whose lease moved (its log writes are rejected), and log-start
 * moves racing with produce commits on the same shard.
 */
class LeaseFencingTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private final Storage storage = StorageTestSupport.storage();
    private final TestClock clock = new TestClock();
    private final DynamoDbClient dynamo = client();
    private final LeaseStore leases = new DynamoDbLeaseStore(dynamo, storage.settings().tables(), clock);

    /**
     * A clock tests move by hand. It starts at the real time: lease items carry a DynamoDB TTL
     * derived from their expiry, and DynamoDB Local's reaper deletes items whose TTL is in the
     * real past, which a fixed start date in the past would make happen mid-test.
     */
    static final class TestClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Clock.systemUTC().millis());

        void advance(Duration d) { millis.addAndGet(d.toMillis()); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public long millis() { return millis.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis()); }
    }

    /** A client of the shared embedded stack's DynamoDB Local. */
    static DynamoDbClient client() {
        EmbeddedStack stack = EmbeddedStack.shared();
        return DynamoDbClient.builder().region(Region.of(stack.region())).endpointOverride(stack.dynamoDbEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKeyId(),
                        stack.secretAccessKey()))).build();
    }

    @Test
    void workersRacingForOneLease_exactlyOneWinsEachRound_andEpochsOnlyGrow() throws Exception {
        String name = "test#" + UUID.randomUUID();
        int workers = 6;
        long lastEpoch = 0;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<Lease>>> results = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    String owner = "worker-" + w + "-" + UUID.randomUUID();
                    results.add(pool.submit(() -> {
                        start.await();
                        return leases.acquire(name, owner, TTL);
                    }));
                }
                start.countDown();
                List<Lease> won = new ArrayList<>();
                for (Future<Optional<Lease>> f : results) {
                    f.get().ifPresent(won::add);
                }
                assertThat(won).hasSize(1);
                assertThat(won.get(0).epoch()).isGreaterThan(lastEpoch);
                assertThat(leases.current(name)).contains(won.get(0));
                lastEpoch = won.get(0).epoch();
                clock.advance(TTL.plusMillis(1));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void heldLease_isNotTakenBeforeExpiry_butIsAfter_andRenewalExtendsIt() {
        String name = "test#" + UUID.randomUUID();
        Lease a = leases.acquire(name, "a", TTL).orElseThrow();
        assertThat(leases.acquire(name, "b", TTL)).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        a = leases.renew(a, TTL).orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        assertThat(leases.acquire(name, "b", TTL)).as("renewed, still held").isEmpty();
        assertThat(leases.release(a)).isTrue();
        Lease b = leases.acquire(name, "b", TTL).orElseThrow();
        assertThat(b.epoch()).isEqualTo(a.epoch() + 1);
    }

    @Test
    void pausedZombie_whoseLeaseMoved_hasItsWritesRejected() {
        UUID topic = UUID.randomUUID();
        ShardId shard = new ShardId(topic, 0);
        String name = "retention#" + shard.key();
        ShardCommitter zombie = Logs.committer(storage.shardLog(), storage.segments(), clock);
        ShardCommitter successor = Logs.committer(storage.shardLog(), storage.segments(), clock);
        zombie.commit("segments/lease/" + UUID.randomUUID() + ".seg", 1, List.of(Logs.plain(topic, 10, 0, 1)));
        Lease old = leases.acquire(name, "zombie", TTL).orElseThrow();

        clock.advance(TTL.plusSeconds(1)); // the zombie is paused past its lease
        Lease current = leases.acquire(name, "successor", TTL).orElseThrow();
        assertThat(successor.moveLogStart(shard, Map.of(0, 4L), current).result())
                .isEqualTo(ShardCommitter.LogStartMove.Result.MOVED);

        long seqBefore = storage.shardLog().latest(shard).orElseThrow().seq();
        assertThat(zombie.moveLogStart(shard, Map.of(0, 8L, 1, 8L), old).result())
                .isEqualTo(ShardCommitter.LogStartMove.Result.FENCED);
        assertThat(leases.renew(old, TTL)).isEmpty();
        assertThat(leases.release(old)).isFalse();
        CommitRecord latest = storage.shardLog().latest(shard).orElseThrow();
        assertThat(latest.seq()).as("the zombie wrote nothing").isEqualTo(seqBefore);
        assertThat(latest.startOffset(0)).isEqualTo(4);
        assertThat(latest.startOffset(1)).isZero();
    }

    @Test
    void deleteBeyondTheEnd_isOutOfRange_andWritesNothing() {
        UUID topic = UUID.randomUUID();
        ShardId shard = new ShardId(topic, 0);
        ShardCommitter committer = Logs.committer(storage.shardLog(), storage.segments(), clock);
        committer.commit("segments/lease/" + UUID.randomUUID() + ".seg", 1, List.of(Logs.plain(topic, 5, 0)));
        assertThatThrownBy(() -> committer.moveLogStart(shard, Map.of(0, 6L), null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
        assertThat(storage.shardLog().latest(shard).orElseThrow().seq()).isEqualTo(1);
        assertThat(committer.moveLogStart(shard, Map.of(0, 5L), null).startOffsets()).containsEntry(0, 5L);
        assertThat(committer.moveLogStart(shard, Map.of(0, 2L), null).result())
                .as("below the current start: no-op").isEqualTo(ShardCommitter.LogStartMove.Result.UNCHANGED);
        assertThat(storage.shardLog().latest(shard).orElseThrow().seq()).isEqualTo(2);
    }

    @Test
    void logStartMoves_racingWithProduceCommitsOfOtherInstances_keepOffsetsDenseAndStartsMonotone() throws Exception {
        UUID topic = UUID.randomUUID();
        ShardId shard = new ShardId(topic, 0);
        int commitsPerWriter = 12;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            done.add(pool.submit(() -> {
                ShardCommitter producer = Logs.committer(storage.shardLog(), storage.segments(), clock);
                start.await();
                for (int i = 0; i < commitsPerWriter; i++) {
                    assertThat(producer.commit("segments/lease/" + UUID.randomUUID() + ".seg", 1,
                            List.of(Logs.plain(topic, 2, 0))).get(0).accepted()).isTrue();
                }
                return null;
            }));
        }
        done.add(pool.submit(() -> {
            ShardCommitter maintenance = Logs.committer(storage.shardLog(), storage.segments(), clock);
            start.await();
            for (int i = 0; i < 10; i++) {
                long head = storage.logReader().head(topic, 0).nextOffset();
                maintenance.moveLogStart(shard, Map.of(0, head), null);
            }
            return null;
        }));
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        List<CommitRecord> all = storage.shardLog().after(shard, 0, 1000);
        long next = 0;
        long startOffset = 0;
        for (int i = 0; i < all.size(); i++) {
            CommitRecord r = all.get(i);
            assertThat(r.seq()).isEqualTo(i + 1);
            assertThat(r.startOffset(0)).as("start never moves back").isGreaterThanOrEqualTo(startOffset);
            assertThat(r.startOffset(0)).isLessThanOrEqualTo(r.nextOffset(0));
            long added = r.extents().stream().mapToLong(e -> e.recordCount()).sum();
            assertThat(r.nextOffset(0)).as("dense").isEqualTo(next + added);
            next = r.nextOffset(0);
            startOffset = r.startOffset(0);
        }
        assertThat(next).isEqualTo(2L * 2 * commitsPerWriter);
    }
}
