package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.functions.maintenance.MaintenanceRunner;
import java.time.Clock;
import java.time.Duration;
import dev.tributary.storage.Storage;
import dev.tributary.storage.log.ShardId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting records and retention through the HTTP API on the embedded stack, with a clock the
 * test moves: log starts move, describe shows them, readers below them get 416 with the new
 * earliest offset, bad input changes nothing.
 */
class DataLifecycleApiTest {
    private static final TestServer server = TestServer.start(Map.of("test.mutable-clock", true));
    private final MutableClock clock = server.context().getBean(MutableClock.class);

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertProblem(Response r, int status, String code) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.errorCode()).isEqualTo(code);
    }

    private void produce(String topic, int partition, int count, long timestampMs) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Map.of("value", "v" + i, "partition", partition, "timestamp", timestampMs));
        }
        assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", records)).status()).isEqualTo(200);
    }

    private long earliest(String topic, int partition) {
        return server.get("/v1/topics/" + topic).body().get("partitions").get(partition).get("earliestOffset").asLong();
    }

    private Response deleteRecords(String topic, Object partition, Object body) {
        return server.post("/v1/topics/" + topic + "/partitions/" + partition + "/delete-records", body);
    }

    @Test
    void deleteRecords_movesTheEarliestOffset_readersBelowItGet416() {
        String topic = server.createTopic(2);
        produce(topic, 0, 10, clock.millis());

        Response deleted = deleteRecords(topic, 0, Map.of("beforeOffset", 4));
        assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(200);
        assertThat(deleted.body().get("earliestOffset").asLong()).isEqualTo(4);
        assertThat(deleted.body().get("latestOffset").asLong()).isEqualTo(10);
        assertThat(earliest(topic, 0)).isEqualTo(4);
        assertThat(earliest(topic, 1)).isZero();

        Response below = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=2");
        assertProblem(below, 416, "OFFSET_OUT_OF_RANGE");
        assertThat(below.body().get("earliestOffset").asLong()).isEqualTo(4);
        Response at = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=4");
        assertThat(at.status()).isEqualTo(200);
        assertThat(at.body().get("records").get(0).get("offset").asLong()).isEqualTo(4);

        assertThat(deleteRecords(topic, 0, Map.of("beforeOffset", 2)).body().get("earliestOffset").asLong())
                .as("below the current start: nothing changes").isEqualTo(4);
        produce(topic, 0, 2, clock.millis());
        assertThat(earliest(topic, 0)).as("produce keeps the start").isEqualTo(4);
        assertThat(deleteRecords(topic, 0, Map.of("beforeOffset", -1)).body().get("earliestOffset").asLong())
                .as("-1: up to the high watermark").isEqualTo(12);
    }

    private long size(String topic, int partition) {
        return server.get("/v1/topics/" + topic).body().get("partitions").get(partition).get("sizeBytes").asLong();
    }

    @Test
    void describe_showsEachPartitionsStoredBytes_whichShrinkWhenWholeBatchesFallBelowTheStart() {
        String topic = server.createTopic(2);
        assertThat(size(topic, 0)).isZero();
        produce(topic, 0, 3, clock.millis());
        long first = size(topic, 0);
        assertThat(first).isPositive();
        produce(topic, 0, 3, clock.millis());
        long both = size(topic, 0);
        assertThat(both).isGreaterThan(first);
        assertThat(size(topic, 1)).isZero();

        deleteRecords(topic, 0, Map.of("beforeOffset", 1));
        assertThat(size(topic, 0)).as("the start falls inside the first batch, which stays stored").isEqualTo(both);
        deleteRecords(topic, 0, Map.of("beforeOffset", 3));
        assertThat(size(topic, 0)).isEqualTo(both - first);
        deleteRecords(topic, 0, Map.of("beforeOffset", -1));
        assertThat(size(topic, 0)).isZero();
    }

    @Test
    void deleteRecords_badInput_getsProblems_andChangesNothing() {
        String topic = server.createTopic(1);
        produce(topic, 0, 5, clock.millis());
        Response past = deleteRecords(topic, 0, Map.of("beforeOffset", 6));
        assertProblem(past, 416, "OFFSET_OUT_OF_RANGE");
        assertThat(past.body().get("latestOffset").asLong()).isEqualTo(5);
        assertProblem(deleteRecords(topic, 0, Map.of("beforeOffset", -2)), 400, "INVALID_REQUEST");
        assertProblem(deleteRecords(topic, 0, Map.of("beforeOffset", "3")), 400, "INVALID_REQUEST");
        assertProblem(deleteRecords(topic, 0, Map.of("beforeOffset", 1.5)), 400, "INVALID_REQUEST");
        assertProblem(deleteRecords(topic, 0, Map.of()), 400, "INVALID_REQUEST");
        assertProblem(deleteRecords(topic, 0, "not json"), 400, "INVALID_REQUEST");
        assertProblem(deleteRecords(topic, "x", Map.of("beforeOffset", 1)), 400, "INVALID_REQUEST");
        assertProblem(deleteRecords(topic, 3, Map.of("beforeOffset", 1)), 404, "PARTITION_NOT_FOUND");
        assertProblem(deleteRecords("no-such-topic-" + System.nanoTime(), 0, Map.of("beforeOffset", 1)), 404, "TOPIC_NOT_FOUND");
        assertThat(earliest(topic, 0)).isZero();
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0").status()).isEqualTo(200);
    }

    @Test
    void retentionByTime_withTheInjectedClock_dropsExpiredRecords_keepsNewerOnes() {
        String topic = server.createTopic(2);
        assertThat(server.patch("/v1/topics/" + topic, Map.of("config", Map.of("retention.ms", 3_600_000))).status())
                .isEqualTo(200);
        long t0 = clock.millis();
        produce(topic, 0, 3, t0);
        produce(topic, 1, 2, t0);
        clock.advance(Duration.ofMinutes(30));
        produce(topic, 0, 4, clock.millis());

        runMaintenance();
        assertThat(earliest(topic, 0)).as("nothing is an hour old yet").isZero();

        clock.advance(Duration.ofMinutes(31));
        MaintenanceReport report = runMaintenance();
        assertThat(earliest(topic, 0)).isEqualTo(3);
        assertThat(earliest(topic, 1)).isEqualTo(2);
        assertThat(report.retention().recordsRemoved()).isGreaterThanOrEqualTo(5);
        assertProblem(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0"), 416, "OFFSET_OUT_OF_RANGE");
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=3").status()).isEqualTo(200);

        Response runs = server.get("/v1/maintenance");
        assertThat(runs.status()).isEqualTo(200);
        assertThat(runs.body().get("runs").get(0).get("retention").get("recordsRemoved").asLong())
                .isEqualTo(report.retention().recordsRemoved());
        assertThat(runs.body().get("runs").get(0).get("startedAtMs").asLong()).isEqualTo(report.startedAtMs());
        assertThat(runs.body().at("/allInstances/0/report/startedAtMs").asLong())
                .as("the history shared by all instances has this run").isEqualTo(report.startedAtMs());
        assertThat(runs.body().at("/allInstances/0/instance").asText()).isNotEmpty();
    }

    @Test
    void retentionByBytes_keepsTheNewestWholeBatches() {
        String topic = server.createTopic(1);
        for (int i = 0; i < 6; i++) {
            produce(topic, 0, 2, clock.millis());
        }
        assertThat(server.patch("/v1/topics/" + topic, Map.of("config", Map.of("retention.bytes", 1, "retention.ms", -1)))
                .status()).isEqualTo(200);
        runMaintenance();
        assertThat(earliest(topic, 0)).as("only the newest batch is kept").isEqualTo(10);
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=10").body().get("records").size())
                .isEqualTo(2);
    }

    @Test
    void invalidRetentionConfig_is400_andChangesNothing() {
        String topic = server.createTopic(1);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("retention.bytes", -2), Map.of("retention.ms", -5),
                Map.of("cleanup.policy", "shred"), Map.of("retention.ms", "soon"))) {
            assertProblem(server.patch("/v1/topics/" + topic, Map.of("config", bad)), 400, "INVALID_REQUEST");
        }
        assertThat(server.get("/v1/topics/" + topic).body().get("config").get("retention.bytes").asText()).isEqualTo("-1");
    }

    @Test
    void topicDeletedAndRecreated_hasNoOldRecords_andNoOldGroupOffsets() {
        String topic = server.createTopic(1);
        String group = "g-" + System.nanoTime();
        produce(topic, 0, 5, clock.millis());
        UUID oldId = UUID.fromString(server.get("/v1/topics/" + topic).body().get("topicId").asText());
        Storage storage = server.context().getBean(Storage.class);
        ShardId oldShard = new ShardId(oldId, 0);
        Set<String> oldSegments = new HashSet<>();
        storage.shardLog().after(oldShard, 0, 1000).forEach(r -> oldSegments.add(r.segmentKey()));
        assertThat(oldSegments).isNotEmpty();
        Response committed = server.post("/v1/groups/" + group + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 5))));
        assertThat(committed.status()).as(committed.raw().body()).isEqualTo(200);
        String idleGroup = group + "-idle";
        assertThat(server.post("/v1/groups/" + idleGroup + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 3)))).status()).isEqualTo(200);
        assertThat(server.delete("/v1/topics/" + topic).status()).isEqualTo(204);

        clock.advance(Duration.ofSeconds(1));
        assertThat(server.post("/v1/topics", Map.of("name", topic, "partitions", 1)).status()).isEqualTo(201);
        produce(topic, 0, 2, clock.millis());
        assertThat(server.get("/v1/groups/" + group + "/offsets").body().get("offsets"))
                .as("a consumer of the group starts by its reset policy, not at the old offset 5").isEmpty();
        Response fetched = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0");
        assertThat(fetched.body().get("records")).hasSize(2);
        assertThat(fetched.body().get("records").get(0).get("value").asText()).isEqualTo("v0");

        server.post("/v1/groups/" + group + "/offsets", Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 1))));
        assertThat(server.get("/v1/groups/" + group + "/offsets").body().at("/offsets/0/offset").asLong())
                .as("offsets committed to the new topic count").isEqualTo(1);

        // Past the grace period, maintenance removes the old topic's log items and segments.
        clock.advance(Duration.ofMinutes(16));
        MaintenanceReport report = runMaintenance();
        assertThat(report.deletedTopics().topicsCollected()).isGreaterThanOrEqualTo(1);
        assertThat(storage.shardLog().after(oldShard, 0, 1000)).isEmpty();
        assertThat(storage.segmentReferences().committed(oldSegments)).isEmpty();
        Set<String> objects = new HashSet<>();
        storage.segments().list(o -> objects.add(o.key()));
        assertThat(objects).doesNotContainAnyElementsOf(oldSegments);
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0").body().get("records")).hasSize(2);
        assertThat(storage.groups().offsets(group)).as("the old topic's offset item is gone, the new one's stays")
                .extracting(o -> o.offset()).containsExactly(1L);
        assertThat(storage.groups().offsets(idleGroup)).as("a group that never committed to the new topic").isEmpty();
        assertThat(report.deletedTopics().offsetsDeleted()).isGreaterThanOrEqualTo(1);
        List<String> snapshots = new ArrayList<>();
        storage.segments().listUnder(dev.tributary.storage.log.SnapshotRef.prefix(oldId), o -> snapshots.add(o.key()));
        assertThat(snapshots).isEmpty();
    }

    @Test
    void retention_thenReclaim_deletesExpiredSegmentsAfterTheGrace_liveDataStaysReadable() {
        String topic = server.createTopic(1);
        assertThat(server.patch("/v1/topics/" + topic, Map.of("config", Map.of("retention.ms", 3_600_000))).status())
                .isEqualTo(200);
        UUID id = UUID.fromString(server.get("/v1/topics/" + topic).body().get("topicId").asText());
        Storage storage = server.context().getBean(Storage.class);
        ShardId shard = new ShardId(id, 0);
        long t0 = clock.millis();
        for (int i = 0; i < 3; i++) {
            produce(topic, 0, 2, t0);
        }
        Set<String> expired = new HashSet<>();
        storage.shardLog().after(shard, 0, 1000).forEach(r -> expired.add(r.segmentKey()));
        clock.advance(Duration.ofMinutes(61));
        long t1 = clock.millis();
        produce(topic, 0, 3, t1);

        MaintenanceReport first = runMaintenance();
        assertThat(earliest(topic, 0)).isEqualTo(6);
        assertThat(first.reclaim().recordsReleased()).isGreaterThanOrEqualTo(3);
        assertThat(storage.segmentReferences().committed(expired)).as("inside the grace period").hasSize(3);

        clock.advance(Duration.ofMinutes(16));
        MaintenanceReport second = runMaintenance();
        assertThat(second.reclaim().objectsDeleted()).isGreaterThanOrEqualTo(3);
        assertThat(second.reclaim().bytesDeleted()).isPositive();
        assertThat(storage.segmentReferences().committed(expired)).isEmpty();
        Set<String> objects = new HashSet<>();
        storage.segments().list(o -> objects.add(o.key()));
        assertThat(objects).doesNotContainAnyElementsOf(expired);

        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=6").body().get("records")).hasSize(3);
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/offsets?at=" + t0).body().get("offset").asLong())
                .isEqualTo(6);
        produce(topic, 0, 1, clock.millis());
        assertThat(server.get("/v1/topics/" + topic).body().at("/partitions/0/latestOffset").asLong()).isEqualTo(10);
        assertThat(server.get("/v1/maintenance").body().at("/runs/0/reclaim/objectsDeleted").asInt())
                .isEqualTo(second.reclaim().objectsDeleted());
    }

    private MaintenanceReport runMaintenance() {
        return server.context().getBean(MaintenanceRunner.class).run();
    }
}
