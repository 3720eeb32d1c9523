package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.Partitioning;
import dev.tributary.functions.TestServer.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProduceFetchApiTest {
    private final TestServer server = TestServer.shared();

    @Test
    void produceThenFetch_roundTripsKeysValuesHeadersAndTimestamps() {
        String topic = server.createTopic(1);
        Map<String, Object> r1 = new HashMap<>();
        r1.put("key", "k1");
        r1.put("value", "v1");
        r1.put("headers", Map.of("h", "x"));
        r1.put("timestamp", 1_700_000_000_000L);
        Map<String, Object> r2 = new HashMap<>();
        r2.put("key", null);
        r2.put("value", null);
        Response produced = server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(r1, r2)));
        assertThat(produced.status()).isEqualTo(200);
        assertThat(produced.body().at("/offsets/0/offset").asLong()).isZero();
        assertThat(produced.body().at("/offsets/1/offset").asLong()).isEqualTo(1);
        assertThat(produced.body().at("/offsets/0/timestamp").asLong()).isEqualTo(1_700_000_000_000L);

        Response fetched = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0");
        assertThat(fetched.status()).isEqualTo(200);
        JsonNode records = fetched.body().get("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("key").asText()).isEqualTo("k1");
        assertThat(records.get(0).get("value").asText()).isEqualTo("v1");
        assertThat(records.get(0).at("/headers/h").asText()).isEqualTo("x");
        assertThat(records.get(0).get("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(records.get(1).get("key").isNull()).isTrue();
        assertThat(records.get(1).get("value").isNull()).isTrue();
        assertThat(fetched.body().get("nextOffset").asLong()).isEqualTo(2);
        assertThat(fetched.body().get("highWatermark").asLong()).isEqualTo(2);

        Response fromOne = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=1&maxRecords=10");
        assertThat(fromOne.body().get("records")).hasSize(1);
        assertThat(fromOne.body().at("/records/0/offset").asLong()).isEqualTo(1);
    }

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
    void offsets_earliestLatestAndByTime() {
        String topic = server.createTopic(1);
        List<Map<String, Object>> records = List.of(
                Map.of("value", "a", "timestamp", 1000), Map.of("value", "b", "timestamp", 2000),
                Map.of("value", "c", "timestamp", 3000));
        server.post("/v1/topics/" + topic + "/records", Map.of("records", records));
        String base = "/v1/topics/" + topic + "/partitions/0/offsets?at=";
        assertThat(server.get(base + "earliest").body().get("offset").asLong()).isZero();
        assertThat(server.get(base + "latest").body().get("offset").asLong()).isEqualTo(3);
        Response byTime = server.get(base + "1500");
        assertThat(byTime.body().get("offset").asLong()).isEqualTo(1);
        assertThat(byTime.body().get("timestamp").asLong()).isEqualTo(2000);
        assertThat(server.get(base + "9999").body().get("offset").asLong()).isEqualTo(3);
        assertThat(server.get(base + "soon").errorCode()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void longPoll_atHighWatermark_returnsAsSoonAsDataArrives() throws Exception {
        String topic = server.createTopic(1);
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() ->
                server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxWaitMs=20000"));
        Thread.sleep(200);
        assertThat(poll).isNotDone();
        server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "wake"))));
        Response r = poll.get();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().at("/records/0/value").asText()).isEqualTo("wake");
    }

    @Test
    void longPoll_withoutData_returnsEmptyAfterWait() {
        String topic = server.createTopic(1);
        Response r = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxWaitMs=100");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("records")).isEmpty();
        assertThat(r.body().get("nextOffset").asLong()).isZero();
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
    void requestSpanningMorePartitionsThanOneTransactionHolds_isSplitAndFullyStored() {
        int partitions = 60;
        String topic = server.createTopic(partitions);
        long commitsBefore = server.get("/v1/stats").body().get("commitTransactions").asLong();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            records.add(Map.of("value", "p" + p, "partition", p));
        }
        Response produced = server.post("/v1/topics/" + topic + "/records", Map.of("records", records));
        assertThat(produced.status()).isEqualTo(200);
        for (int p = 0; p < partitions; p++) {
            assertThat(produced.body().at("/offsets/" + p + "/partition").asInt()).isEqualTo(p);
            assertThat(produced.body().at("/offsets/" + p + "/offset").asLong()).isZero();
            Response fetched = server.get("/v1/topics/" + topic + "/partitions/" + p + "/records?offset=0");
            assertThat(fetched.body().at("/records/0/value").asText()).isEqualTo("p" + p);
        }
        long commits = server.get("/v1/stats").body().get("commitTransactions").asLong() - commitsBefore;
        assertThat(commits).as("49 partitions per transaction at most").isGreaterThanOrEqualTo(2);
    }

    @Test
    void health_isUp() {
        Response r = server.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asText()).isEqualTo("UP");
    }
}
