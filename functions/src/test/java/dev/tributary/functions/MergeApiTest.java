package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.functions.TestServer.Response;
import dev.tributary.functions.fetch.FetchService;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.functions.maintenance.MaintenanceRunner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Merging in the maintenance run, seen through the read paths: JSON fetch, the segments
 * endpoint (the SDK's direct reads) and Kafka-format batches give the same records before and
 * after, from fewer, larger ranges.
 */
class MergeApiTest {
    private static final TestServer server = TestServer.start(Map.of("test.mutable-clock", true,
            "tributary.maintenance.merge-min-entries", 4));
    private final MutableClock clock = server.context().getBean(MutableClock.class);

    @AfterAll
    static void stop() {
        server.close();
    }

    private List<String> fetchAll(String topic, int partition) {
        List<String> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            Response r = server.get("/v1/topics/" + topic + "/partitions/" + partition + "/records?offset=" + offset
                    + "&maxRecords=7");
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            for (JsonNode rec : r.body().get("records")) {
                out.add(rec.get("offset").asLong() + "=" + rec.get("value").asText());
            }
            long next = r.body().get("nextOffset").asLong();
            if (next == offset || next >= r.body().get("highWatermark").asLong()) {
                return out;
            }
            offset = next;
        }
    }

    private JsonNode ranges(String topic) {
        Response r = server.get("/v1/topics/" + topic + "/partitions/0/segments?offset=3");
        assertThat(r.status()).isEqualTo(200);
        return r.body().get("ranges");
    }

    private List<String> kafkaRead(String topic) {
        FetchService fetch = server.context().getBean(FetchService.class);
        ByteBuffer batches = fetch.readBatches(topic, 0, 0, 1 << 20, 0).join().records();
        List<String> out = new ArrayList<>();
        org.apache.kafka.common.record.MemoryRecords.readableRecords(batches).records().forEach(r -> out.add(r.offset()
                + "=" + StandardCharsets.UTF_8.decode(r.value())));
        return out;
    }

    @Test
    void maintenanceMergesSmallEntries_everyReadPathGivesTheSameRecords_fromFewerRanges() {
        String topic = server.createTopic(2);
        for (int i = 0; i < 12; i++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                records.add(Map.of("value", "v" + i + "-" + k, "partition", k % 2));
            }
            assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", records)).status()).isEqualTo(200);
        }
        List<String> p0 = fetchAll(topic, 0);
        List<String> p1 = fetchAll(topic, 1);
        List<String> kafka = kafkaRead(topic);
        assertThat(p0).hasSize(24);
        assertThat(kafka).isEqualTo(p0);
        int rangesBefore = ranges(topic).size();

        MaintenanceReport young = server.context().getBean(MaintenanceRunner.class).run();
        assertThat(young.merging().merges()).as("nothing is old enough yet").isZero();
        clock.advance(Duration.ofMinutes(11));
        MaintenanceReport report = server.context().getBean(MaintenanceRunner.class).run();
        assertThat(report.merging().merges()).isGreaterThanOrEqualTo(2);

        assertThat(fetchAll(topic, 0)).isEqualTo(p0);
        assertThat(fetchAll(topic, 1)).isEqualTo(p1);
        assertThat(kafkaRead(topic)).isEqualTo(kafka);
        JsonNode after = ranges(topic);
        assertThat(rangesBefore).as("one range per produce request from offset 3 on").isEqualTo(11);
        assertThat(after).as("one range holds the merged offsets").hasSize(1);
        assertThat(after.get(0).get("baseOffset").asLong()).isZero();
        assertThat(after.get(0).get("recordCount").asInt()).isEqualTo(24);
        List<LogRecord> decoded = RecordBatches.decode(ByteBuffer.wrap(server.context()
                .getBean(dev.tributary.storage.Storage.class).segments().read(after.get(0).get("segmentKey").asText(),
                        after.get(0).get("position").asLong(), after.get(0).get("length").asInt())), 0, 24);
        assertThat(new String(decoded.get(5).value(), StandardCharsets.UTF_8)).isEqualTo(p0.get(5).substring(2));
        assertThat(server.get("/v1/maintenance").body().toString()).contains("\"merging\"");
    }
}
