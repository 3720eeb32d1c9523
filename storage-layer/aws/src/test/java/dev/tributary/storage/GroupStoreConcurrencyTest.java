package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.error.ApiException;
import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.groups.GroupState;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.HeartbeatResponse;
import dev.tributary.storage.groups.OffsetCommit;
import dev.tributary.storage.groups.TopicPartition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many members heartbeating in parallel through separate store instances (separate clients),
 * joining, leaving and crashing at random, while a checker reads the stored state: no
 * partition may ever have two owners, and offset commits are only accepted from owners.
 */
class GroupStoreConcurrencyTest {
    private static final Function<String, Integer> COUNTS = t -> t.equals("orders") ? 24 : null;
    private static final AtomicLong NOW = new AtomicLong(1_000_000);
    private static final Clock CLOCK = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(NOW.get()); }
    };
    private static final List<Storage> STORAGES = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (int i = 0; i < 4; i++) {
            STORAGES.add(new Storage(StorageTestSupport.settings(EmbeddedStack.shared()), CLOCK));
        }
    }

    @AfterAll
    static void stop() {
        STORAGES.forEach(Storage::close);
    }

    @Test
    void parallelJoinsLeavesCrashesAndHeartbeats_neverProduceTwoOwners() throws Exception {
        String group = "g-" + UUID.randomUUID();
        int workers = 8;
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong heartbeats = new AtomicLong();
        AtomicLong commits = new AtomicLong();
        Semaphore steps = new Semaphore(0);
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            GroupStore store = STORAGES.get(w % STORAGES.size()).groups();
            futures.add(pool.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                String id = null;
                int epoch = 0;
                Set<TopicPartition> owned = Set.of();
                while (!stop.get()) {
                    try {
                        int dice = rnd.nextInt(100);
                        if (id == null) {
                            HeartbeatResponse r = store.heartbeat(group, new HeartbeatRequest(null, 0, List.of("orders"), null,
                                    6_000, 3_000), COUNTS);
                            id = r.memberId();
                            epoch = r.memberEpoch();
                            owned = r.assignment();
                        } else if (dice < 3) {
                            store.heartbeat(group, new HeartbeatRequest(id, -1, null, null, null, null), COUNTS);
                            id = null;
                        } else if (dice < 6) {
                            id = null; // crash: stop heartbeating, never say goodbye
                        } else if (dice < 20 && !owned.isEmpty()) {
                            TopicPartition tp = owned.iterator().next();
                            store.commitOffsets(group, id, epoch, List.of(new OffsetCommit(tp.topic(), tp.partition(), 1, "")));
                            commits.incrementAndGet();
                        } else {
                            HeartbeatResponse r = store.heartbeat(group, new HeartbeatRequest(id, epoch, null, owned, null, null), COUNTS);
                            epoch = r.memberEpoch();
                            owned = r.assignment();
                            heartbeats.incrementAndGet();
                        }
                    } catch (ApiException e) {
                        switch (e.code()) {
                            case UNKNOWN_MEMBER, FENCED_MEMBER_EPOCH -> id = null;
                            case STORAGE_UNAVAILABLE -> { }
                            default -> violations.add("unexpected " + e.code() + ": " + e.getMessage());
                        }
                    } finally {
                        steps.release();
                    }
                }
                return null;
            }));
        }
        DynamoDbGroupStore checker = (DynamoDbGroupStore) STORAGES.get(0).groups();
        futures.add(pool.submit(() -> {
            while (!stop.get()) {
                GroupState s = checker.load(group, NOW.get());
                GroupState again = checker.load(group, NOW.get());
                if (s.version() == again.version()) {
                    try {
                        s.owners();
                    } catch (IllegalStateException e) {
                        violations.add(e.getMessage());
                    }
                }
            }
            return null;
        }));
        // Time moves with the work done, not with the wall clock: every two operations of
        // the workers advance the shared clock by 100 ms, so a crashed member's 6 s session
        // ends after ~120 operations and 150 ticks see more than two generations of members.
        for (int tick = 0; tick < 150; tick++) {
            assertThat(steps.tryAcquire(2, 60, TimeUnit.SECONDS)).as("workers make progress").isTrue();
            NOW.addAndGet(100);
        }
        stop.set(true);
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(violations).isEmpty();
        assertThat(heartbeats.get()).isGreaterThan(100);
        assertThat(commits.get()).isPositive();
    }

    @Test
    void commit_fromAMemberThatDoesNotOwnThePartition_isRefused() {
        GroupStore store = STORAGES.get(0).groups();
        String group = "g-" + UUID.randomUUID();
        HeartbeatResponse a = store.heartbeat(group, new HeartbeatRequest(null, 0, List.of("orders"), null, 60_000, 60_000), COUNTS);
        HeartbeatResponse b = store.heartbeat(group, new HeartbeatRequest(null, 0, List.of("orders"), null, 60_000, 60_000), COUNTS);
        TopicPartition ofA = a.assignment().iterator().next();
        assertThat(b.assignment()).doesNotContain(ofA);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.commitOffsets(group, b.memberId(), b.memberEpoch(),
                        List.of(new OffsetCommit(ofA.topic(), ofA.partition(), 0, ""))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().name()).isEqualTo("FENCED_MEMBER_EPOCH"));
        assertThat(store.commitOffsets(group, a.memberId(), a.memberEpoch(), List.of(new OffsetCommit(ofA.topic(), ofA.partition(), 0, "m"))))
                .hasSize(1);
        assertThat(store.offsets(group)).extracting(o -> o.metadata()).containsExactly("m");
    }
}
