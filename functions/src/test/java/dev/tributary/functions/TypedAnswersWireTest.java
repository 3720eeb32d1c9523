package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.functions.TestServer.Response;
import io.micronaut.serde.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answers that became records keep the wire format of the maps they replaced: the same
 * field names, null fields written as null, empty lists written, whole numbers as numbers.
 */
class TypedAnswersWireTest {
    private final TestServer server = TestServer.shared();

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void mapsWroteNullValues_soTheRecordsDoToo() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", null);
        ObjectMapper serde = server.context().getBean(ObjectMapper.class);
        assertThat(serde.writeValueAsString(m)).isEqualTo("{\"timestamp\":null}");
    }

    @Test
    void offsetLookup_writesANullTimestamp() {
        String topic = server.createTopic(1);
        JsonNode latest = server.get("/v1/topics/" + topic + "/partitions/0/offsets?at=latest").body();
        assertThat(names(latest)).containsExactly("offset", "timestamp");
        assertThat(latest.get("offset").isIntegralNumber()).isTrue();
        assertThat(latest.get("timestamp").isNull()).isTrue();
    }

    @Test
    void groupAnswers_keepTheirFields() {
        String topic = server.createTopic(1);
        String group = "wire-" + topic;
        Response committed = server.post("/v1/groups/" + group + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 0))));
        assertThat(committed.status()).isEqualTo(200);
        JsonNode stored = committed.body().get("offsets").get(0);
        assertThat(names(stored)).contains("topic", "partition", "offset", "metadata", "commitTimeMs");
        assertThat(stored.get("commitTimeMs").isIntegralNumber()).isTrue();

        JsonNode offsets = server.get("/v1/groups/" + group + "/offsets").body();
        assertThat(names(offsets.get("offsets").get(0)))
                .containsExactly("topic", "partition", "offset", "metadata", "logEndOffset", "lag", "commitTimeMs");
        assertThat(offsets.get("offsets").get(0).get("lag").asLong()).isZero();
        assertThat(server.get("/v1/groups/" + group + "/offsets?topic=" + topic + "x").body().get("offsets"))
                .as("an empty list is written").isEmpty();

        JsonNode described = server.get("/v1/groups/" + group).body();
        assertThat(names(described)).containsExactly("group", "state", "groupEpoch", "assignmentEpoch", "topics",
                "members", "assignment", "offsets");
        assertThat(described.get("members").isArray()).isTrue();
        assertThat(described.get("assignment").isArray()).isTrue();

        JsonNode deleted = server.delete("/v1/groups/" + group).body();
        assertThat(names(deleted)).containsExactly("group", "deletedOffsets");
        assertThat(deleted.get("deletedOffsets").asInt()).isEqualTo(1);
    }

    @Test
    void quotasAndStats_keepTheirFields() {
        JsonNode quotas = server.get("/v1/quotas").body();
        assertThat(names(quotas.get("defaults")))
                .containsExactlyInAnyOrder("produceBytesPerSecond", "fetchBytesPerSecond", "requestsPerSecond");
        assertThat(quotas.get("overrides").isArray()).isTrue();

        JsonNode stats = server.get("/v1/stats").body();
        assertThat(names(stats)).containsExactly("produceRequests", "producedRecords", "producedBytes", "segmentPuts",
                "segmentBytes", "commitTransactions", "failedFlushes", "throttledRequests", "heapUsedBytes",
                "heapMaxBytes", "fetchLongPolls");
        stats.forEach(v -> assertThat(v.isIntegralNumber()).isTrue());
    }

    @Test
    void maintenanceRuns_andDeleteRecords_keepTheirFields() throws Exception {
        ObjectMapper serde = server.context().getBean(ObjectMapper.class);
        assertThat(serde.writeValueAsString(new dev.tributary.functions.maintenance.MaintenanceRuns(List.of(), List.of())))
                .as("both lists are written when empty").isEqualTo("{\"runs\":[],\"allInstances\":[]}");

        String topic = server.createTopic(1);
        server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "a"), Map.of("value", "b"))));
        JsonNode moved = server.post("/v1/topics/" + topic + "/partitions/0/delete-records", Map.of("beforeOffset", 1)).body();
        assertThat(names(moved)).containsExactly("topic", "partition", "earliestOffset", "latestOffset");
        assertThat(moved.get("earliestOffset").asLong()).isEqualTo(1);
        assertThat(moved.get("latestOffset").asLong()).isEqualTo(2);
    }
}
