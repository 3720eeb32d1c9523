package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.Partitioning;
import dev.tributary.functions.TestServer.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Produce and fetch beyond the HTTP contract ({@code contract.HttpApiContract}). */
class ProduceFetchApiTest {
    private final TestServer server = TestServer.shared();

    @Test
    void keyedRecords_landOnKafkasPartition() {
        String topic = server.createTopic(8);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(Map.of("key", "key-" + i, "value", "v" + i));
        }
        Response produced = server.post("/v1/topics/" + topic + "/records", Map.of("records", records));
        assertThat(produced.status()).isEqualTo(200);
        for (int i = 0; i < 40; i++) {
            int expected = Partitioning.forKey(("key-" + i).getBytes(StandardCharsets.UTF_8), 8);
            assertThat(produced.body().at("/offsets/" + i + "/partition").asInt()).isEqualTo(expected);
        }
    }

    @Test
    void explicitPartition_isHonoured_andBase64RoundTrips() {
        String topic = server.createTopic(3);
        byte[] binary = {0, (byte) 0xff, 7, 0};
        String b64 = Base64.getEncoder().encodeToString(binary);
        Response produced = server.post("/v1/topics/" + topic + "/records", Map.of("valueEncoding", "base64",
                "keyEncoding", "base64", "records", List.of(Map.of("key", b64, "value", b64, "partition", 2))));
        assertThat(produced.status()).isEqualTo(200);
        assertThat(produced.body().at("/offsets/0/partition").asInt()).isEqualTo(2);
        Response fetched = server.get("/v1/topics/" + topic + "/partitions/2/records?offset=0&encoding=base64");
        assertThat(fetched.body().at("/records/0/value").asText()).isEqualTo(b64);
        assertThat(fetched.body().at("/records/0/key").asText()).isEqualTo(b64);
    }

    @Test
    void fetch_respectsMaxRecordsAndMaxBytes_acrossManyBatches() {
        String topic = server.createTopic(1);
        for (int batch = 0; batch < 5; batch++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(Map.of("value", "b" + batch + "-" + i));
            }
            assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", records)).status()).isEqualTo(200);
        }
        Response some = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=7&maxRecords=15");
        assertThat(some.body().get("records")).hasSize(15);
        assertThat(some.body().at("/records/0/offset").asLong()).isEqualTo(7);
        assertThat(some.body().at("/records/14/value").asText()).isEqualTo("b2-1");
        assertThat(some.body().get("nextOffset").asLong()).isEqualTo(22);

        Response all = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxRecords=1000");
        assertThat(all.body().get("records")).hasSize(50);
        Response tiny = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxBytes=1");
        assertThat(tiny.body().get("records")).as("always at least one record").hasSize(1);
    }

    @Test
    void segments_giveRangesWithPresignedUrls_thatServeTheBytes() throws Exception {
        String topic = server.createTopic(1);
        server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "x"), Map.of("value", "y"))));
        Response r = server.get("/v1/topics/" + topic + "/partitions/0/segments?offset=1");
        assertThat(r.status()).isEqualTo(200);
        JsonNode range = r.body().at("/ranges/0");
        assertThat(range.get("baseOffset").asLong()).isZero();
        assertThat(range.get("recordCount").asInt()).isEqualTo(2);
        var http = java.net.http.HttpClient.newHttpClient();
        long pos = range.get("position").asLong();
        long len = range.get("length").asLong();
        var bytes = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(range.get("url").asText()))
                .header("Range", "bytes=" + pos + "-" + (pos + len - 1)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        var records = dev.tributary.core.format.RecordBatches.decode(java.nio.ByteBuffer.wrap(bytes), 0, 2);
        assertThat(new String(records.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("y");
    }

    @Test
    void requestSpanningAThousandPartitions_commitsAtomicallyInOneCommit() {
        int partitions = 1000;
        String topic = server.createTopic(partitions);
        long commitsBefore = server.get("/v1/stats").body().get("commitTransactions").asLong();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            records.add(Map.of("value", "p" + p, "partition", p));
        }
        Response produced = server.post("/v1/topics/" + topic + "/records", Map.of("records", records));
        assertThat(produced.status()).isEqualTo(200);
        long commits = server.get("/v1/stats").body().get("commitTransactions").asLong() - commitsBefore;
        assertThat(commits).as("one commit for the whole request").isEqualTo(1);
        for (int p = 0; p < partitions; p += 37) {
            assertThat(produced.body().at("/offsets/" + p + "/partition").asInt()).isEqualTo(p);
            assertThat(produced.body().at("/offsets/" + p + "/offset").asLong()).isZero();
            Response fetched = server.get("/v1/topics/" + topic + "/partitions/" + p + "/records?offset=0");
            assertThat(fetched.body().at("/records/0/value").asText()).isEqualTo("p" + p);
        }
        Response described = server.get("/v1/topics/" + topic);
        for (int p = 0; p < partitions; p++) {
            assertThat(described.body().at("/partitions/" + p + "/latestOffset").asLong()).as("partition " + p).isEqualTo(1);
        }
    }

}
