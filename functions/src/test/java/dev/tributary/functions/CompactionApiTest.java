package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.functions.TestServer.Response;
import dev.tributary.functions.fetch.FetchService;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.functions.maintenance.MaintenanceRunner;
import dev.tributary.functions.produce.ProduceService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Compacted topics over HTTP on the embedded stack: config validation, keyless records refused,
 * and after a maintenance run the latest record per key at its original offset, read through
 * JSON fetch (including from a removed offset), the segments endpoint and Kafka-format batches.
 */
class CompactionApiTest {
    private static final TestServer server = TestServer.start(Map.of("test.mutable-clock", true,
            "tributary.maintenance.merge-min-entries", 4));
    private final MutableClock clock = server.context().getBean(MutableClock.class);

    @AfterAll
    static void stop() {
        server.close();
    }

    private String compactedTopic(Map<String, Object> extra) {
        String name = TestServer.uniqueTopic();
        Map<String, Object> config = new HashMap<>(Map.of("cleanup.policy", "compact"));
        config.putAll(extra);
        Response r = server.post("/v1/topics", Map.of("name", name, "partitions", 1, "config", config));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return name;
    }

    @Test
    void badCompactionConfigs_are400_andChangeNothing() {
        String name = TestServer.uniqueTopic();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("cleanup.policy", "compactt"),
                Map.of("cleanup.policy", "compact,delete,compact"), Map.of("delete.retention.ms", -2),
                Map.of("min.compaction.lag.ms", -1), Map.of("delete.retention.ms", "soon"))) {
            server.post("/v1/topics", Map.of("name", name, "partitions", 1, "config", bad))
                    .assertProblem(400, "INVALID_REQUEST");
        }
        assertThat(server.get("/v1/topics/" + name).status()).as("not created").isEqualTo(404);
        String topic = compactedTopic(Map.of("delete.retention.ms", -1));
        server.patch("/v1/topics/" + topic, Map.of("config", Map.of("min.compaction.lag.ms", "x")))
                .assertProblem(400, "INVALID_REQUEST");
        JsonNode config = server.get("/v1/topics/" + topic).body().get("config");
        assertThat(config.get("cleanup.policy").asText()).isEqualTo("compact");
        assertThat(config.get("delete.retention.ms").asLong()).isEqualTo(-1);
        assertThat(config.get("min.compaction.lag.ms").asLong()).isZero();
        assertThat(server.patch("/v1/topics/" + topic, Map.of("config", Map.of("cleanup.policy", "delete,compact")))
                .status()).isEqualTo(200);
        assertThat(server.get("/v1/topics/" + topic).body().at("/config/cleanup.policy").asText()).isEqualTo("compact,delete");
    }

    @Test
    void keylessRecords_inACompactedTopic_are400_andNothingIsWritten() {
        String topic = compactedTopic(Map.of());
        Response r = server.post("/v1/topics/" + topic + "/records", Map.of("records",
                List.of(Map.of("key", "a", "value", "1"), Map.of("value", "no key"))));
        r.assertProblem(400, "INVALID_REQUEST");
        assertThat(r.body().get("recordIndex").asInt()).isEqualTo(1);
        ProduceService produce = server.context().getBean(ProduceService.class);
        var batch = RecordBatches.build(List.of(RecordDraft.of(1, "k".getBytes(StandardCharsets.UTF_8), null),
                RecordDraft.of(1, null, "v".getBytes(StandardCharsets.UTF_8))), Compression.NONE);
        assertThatThrownBy(() -> produce.produceBatches(topic, List.of(new dev.tributary.core.wire.PartitionBatch(0, batch))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThat(server.get("/v1/topics/" + topic).body().at("/partitions/0/latestOffset").asLong()).isZero();
    }

    @Test
    void compaction_keepsTheLatestPerKey_atItsOffset_onEveryReadPath() {
        String topic = compactedTopic(Map.of("delete.retention.ms", 3_600_000));
        Map<String, Long> latest = new LinkedHashMap<>();
        Map<Long, String> values = new HashMap<>();
        long offset = 0;
        for (int i = 0; i < 10; i++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                String key = "k" + ((i + k) % 4);
                Map<String, Object> rec = new HashMap<>();
                rec.put("key", key);
                rec.put("value", i == 9 && key.equals("k3") ? null : "v" + i + "-" + k);
                records.add(rec);
                if (offset < 27) {
                    latest.put(key, offset);
                }
                values.put(offset, (String) rec.get("value"));
                offset++;
            }
            assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", records)).status()).isEqualTo(200);
        }
        MaintenanceReport report = server.context().getBean(MaintenanceRunner.class).run();
        assertThat(report.merging().merges()).isEqualTo(1);

        // The newest request's entry (offsets 27..29, with k3's tombstone) is the active part and
        // stays whole; below it, the latest record of each key stays.
        List<Long> expected = new ArrayList<>();
        for (long o = 0; o < 27; o++) {
            if (latest.containsValue(o)) {
                expected.add(o);
            }
        }
        expected.addAll(List.of(27L, 28L, 29L));
        Response all = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxRecords=100");
        List<Long> offsets = new ArrayList<>();
        for (JsonNode r : all.body().get("records")) {
            offsets.add(r.get("offset").asLong());
            assertThat(r.get("value").isNull() ? null : r.get("value").asText()).isEqualTo(values.get(r.get("offset").asLong()));
        }
        assertThat(offsets).isEqualTo(expected);
        assertThat(all.body().get("nextOffset").asLong()).isEqualTo(30);

        Response fromRemoved = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=1&maxRecords=1");
        assertThat(fromRemoved.body().at("/records/0/offset").asLong()).as("continues at the next surviving offset")
                .isEqualTo(expected.stream().filter(o -> o >= 1).findFirst().orElseThrow());

        FetchService fetch = server.context().getBean(FetchService.class);
        List<Long> kafka = new ArrayList<>();
        org.apache.kafka.common.record.MemoryRecords.readableRecords(fetch.readBatches(topic, 0, 0, 1 << 20, 0).join()
                .records()).records().forEach(r -> kafka.add(r.offset()));
        assertThat(kafka).isEqualTo(expected);

        JsonNode ranges = server.get("/v1/topics/" + topic + "/partitions/0/segments?offset=0").body().get("ranges");
        assertThat(ranges.get(0).get("baseOffset").asLong()).isZero();
        assertThat(ranges.get(0).get("recordCount").asInt()).as("the compacted range spans its offsets").isEqualTo(27);

        clock.advance(Duration.ofHours(2));
        for (int i = 0; i < 4; i++) {
            produceOne(topic, "k0", "late" + i);
        }
        assertThat(server.context().getBean(MaintenanceRunner.class).run().merging().merges()).isEqualTo(1);
        List<Long> after = new ArrayList<>();
        server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxRecords=100").body().get("records")
                .forEach(r -> after.add(r.get("offset").asLong()));
        assertThat(after).as("k3's tombstone (29) is now older than delete.retention.ms and gone with the value it "
                + "deleted; k0's latest below the active part (33) is 32").containsExactly(27L, 28L, 32L, 33L);
    }

    private void produceOne(String topic, String key, String value) {
        assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("key", key,
                "value", value)))).status()).isEqualTo(200);
    }
}
