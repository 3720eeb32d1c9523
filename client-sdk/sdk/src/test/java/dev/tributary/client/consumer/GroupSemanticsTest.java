package dev.tributary.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.client.Deserializers;
import dev.tributary.client.FakeService;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.client.WakeupException;
import dev.tributary.client.internal.MockTime;
import dev.tributary.client.internal.Time;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka semantics a polling loop relies on, against a scripted group service: one topic
 * {@code t} with one empty partition, given to whichever member heartbeats.
 */
@Timeout(30)
class GroupSemanticsTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeService http = new FakeService();
    private final AtomicInteger epoch = new AtomicInteger();
    private final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();
    private final List<JsonNode> commits = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> left = new CompletableFuture<>();
    private final CountDownLatch answerHeartbeats = new CountDownLatch(1);
    private final AtomicBoolean fenceNext = new AtomicBoolean();
    private final List<String> events = new CopyOnWriteArrayList<>();

    GroupSemanticsTest() {
        http.route("POST", "/v1/groups/g/heartbeat", (ex, body) -> {
            JsonNode request = JSON.readTree(body);
            heartbeats.add(request);
            if (request.path("memberEpoch").asInt() == -1) {
                left.complete(request);
                FakeService.json(ex, 200, "{}");
                return true;
            }
            try {
                answerHeartbeats.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fenceNext.getAndSet(false)) {
                FakeService.problem(ex, 409, "FENCED_MEMBER_EPOCH", "stale epoch");
                return true;
            }
            int e = request.path("memberEpoch").asInt() == 0 ? epoch.incrementAndGet() : epoch.get();
            FakeService.json(ex, 200, "{\"memberId\":\"" + request.path("memberId").asText() + "\",\"memberEpoch\":" + e
                    + ",\"heartbeatIntervalMs\":100,\"assignment\":[{\"topic\":\"t\",\"partitions\":[0]}]}");
            return true;
        });
        http.route("POST", "/v1/groups/g/offsets", (ex, body) -> {
            commits.add(JSON.readTree(body));
            FakeService.json(ex, 200, "{}");
            return true;
        });
        http.route("GET", "/v1/groups/g/offsets", (ex, body) -> {
            FakeService.json(ex, 200, "{\"offsets\":[]}");
            return true;
        });
        http.route("GET", "/v1/topics/t/partitions/0/offsets", (ex, body) -> {
            FakeService.json(ex, 200, "{\"offset\":0,\"timestamp\":null}");
            return true;
        });
        http.route("GET", "/v1/topics/t/partitions/0/segments", (ex, body) -> {
            FakeService.json(ex, 200, "{\"topicId\":\"id1\",\"logStartOffset\":0,\"highWatermark\":0,\"ranges\":[]}");
            return true;
        });
    }

    @AfterEach
    void stop() {
        answerHeartbeats.countDown();
        http.close();
    }

    private TributaryConsumer.Builder<String, String> builder(URI endpoint, Time time) {
        return TributaryConsumer.builder().endpoint(endpoint)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .groupId("g").autoOffsetReset(AutoOffsetReset.EARLIEST).enableAutoCommit(false)
                .retryBackoff(Duration.ofMillis(5)).fetchIdleBackoff(Duration.ofMillis(5)).time(time);
    }

    private final ConsumerRebalanceListener recorder = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            events.add("revoked " + partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            events.add("assigned " + partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            events.add("lost " + partitions);
        }
    };

    private static void pollUntil(TributaryConsumer<String, String> c, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            c.poll(Duration.ofMillis(20));
        }
    }

    @Test
    void readmeLoop_commitSyncBeforeTheFirstAssignment_returnsAtOnce() {
        try (TributaryConsumer<String, String> c = builder(http.endpoint(), Time.SYSTEM).build()) {
            c.subscribe(List.of("t"));
            // The group has not answered yet: the loop's first iterations own nothing.
            for (int i = 0; i < 3; i++) {
                c.poll(Duration.ofMillis(10));
                c.commitSync();
                c.commitAsync().join();
            }
            assertThat(c.assignment()).isEmpty();
            assertThat(commits).isEmpty();
            answerHeartbeats.countDown();
            while (commits.isEmpty()) {
                c.poll(Duration.ofMillis(20));
                c.commitSync();
            }
            assertThat(c.assignment()).containsExactly(TP);
            assertThat(commits.get(0).path("offsets").get(0).path("offset").asLong()).isZero();
        }
    }

    @Test
    void poll_afterMaxPollIntervalWithoutPolling_leavesTheGroupThenRejoinsOnTheNextPoll() throws Exception {
        answerHeartbeats.countDown();
        MockTime time = new MockTime(Duration.ofMillis(1));
        try (TributaryConsumer<String, String> c = builder(http.endpoint(), time)
                .maxPollInterval(Duration.ofSeconds(10)).build()) {
            c.subscribe(List.of("t"), recorder);
            pollUntil(c, () -> !c.assignment().isEmpty());

            time.advance(Duration.ofSeconds(11));
            JsonNode leave = left.get(10, TimeUnit.SECONDS);
            assertThat(leave.path("memberEpoch").asInt()).isEqualTo(-1);

            c.poll(Duration.ZERO);
            assertThat(events).containsExactly("assigned [t-0]", "lost [t-0]");
            int before = heartbeats.size();
            pollUntil(c, () -> !c.assignment().isEmpty());
            assertThat(heartbeats.subList(before, heartbeats.size()))
                    .anySatisfy(h -> assertThat(h.path("memberEpoch").asInt()).isZero());
            assertThat(events).containsExactly("assigned [t-0]", "lost [t-0]", "assigned [t-0]");
        }
    }

    @Test
    void poll_whenTheGroupFencesTheMember_reportsLostAndRejoinsWithEpochZero() {
        answerHeartbeats.countDown();
        try (TributaryConsumer<String, String> c = builder(http.endpoint(), Time.SYSTEM).build()) {
            c.subscribe(List.of("t"), recorder);
            pollUntil(c, () -> !c.assignment().isEmpty());
            int joins = epoch.get();
            fenceNext.set(true);
            pollUntil(c, () -> events.size() >= 3);
            assertThat(events).containsExactly("assigned [t-0]", "lost [t-0]", "assigned [t-0]");
            assertThat(epoch.get()).isEqualTo(joins + 1);
            assertThat(c.position(TP)).isZero();
            c.commitSync();
            assertThat(commits.get(commits.size() - 1).path("memberEpoch").asInt()).isEqualTo(epoch.get());
        }
    }

    @Test
    void wakeup_makesTheRunningOrNextPollThrow_once() throws Exception {
        answerHeartbeats.countDown();
        try (TributaryConsumer<String, String> c = builder(http.endpoint(), Time.SYSTEM).build()) {
            c.subscribe(List.of("t"));
            c.wakeup();
            assertThatThrownBy(() -> c.poll(Duration.ofSeconds(30))).isInstanceOf(WakeupException.class);
            c.poll(Duration.ZERO);

            CompletableFuture<Throwable> polled = CompletableFuture.supplyAsync(() -> {
                try {
                    c.poll(Duration.ofSeconds(30));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            c.wakeup();
            assertThat(polled.get(10, TimeUnit.SECONDS)).isInstanceOf(WakeupException.class);
        }
    }

    @Test
    void poll_whenTheServiceIsUnreachable_throwsTimeoutWithTheCallersFrame() throws Exception {
        URI closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (TributaryConsumer<String, String> c = builder(closed, Time.SYSTEM)
                .defaultApiTimeout(Duration.ofMillis(200)).build()) {
            c.subscribe(List.of("t"));
            Throwable thrown = pollUntilThrown(c);
            assertThat(thrown).isInstanceOf(TributaryTimeoutException.class).hasMessageContaining(closed.toString());
            assertThat(thrown.getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName())
                    .isEqualTo("poll_whenTheServiceIsUnreachable_throwsTimeoutWithTheCallersFrame"));
        }
        try (TributaryConsumer<String, String> c = builder(closed, Time.SYSTEM).groupId(null)
                .defaultApiTimeout(Duration.ofMillis(200)).build()) {
            c.assign(List.of(TP));
            assertThat(pollUntilThrown(c)).isInstanceOf(TributaryTimeoutException.class);
        }
    }

    @Test
    void poll_againstAnEndpointThatIsNotTributary_failsClearly() throws IOException {
        try (FakeService other = new FakeService()) {
            other.route("GET", "/", (ex, body) -> {
                FakeService.send(ex, 404, "text/html", "<h1>Not Found</h1>".getBytes());
                return true;
            });
            try (TributaryConsumer<String, String> c = builder(other.endpoint(), Time.SYSTEM).groupId(null).build()) {
                c.assign(List.of(TP));
                assertThat(pollUntilThrown(c)).hasMessageContaining("HTTP 404")
                        .hasMessageContaining("is a Tributary service");
            }
        }
    }

    private static Throwable pollUntilThrown(TributaryConsumer<String, String> c) {
        while (true) {
            try {
                c.poll(Duration.ofMillis(50));
            } catch (RuntimeException e) {
                return e;
            }
        }
    }
}
