package dev.tributary.functions.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.core.wire.ProduceRequestCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API contract, written once against {@link HttpTransport} and run against every
 * way the API is served (the Netty server, the Lambda handler behind API Gateway). A
 * deployment that passes it answers clients exactly like the others: same statuses, same
 * problem+json errors, same bodies, binary produce bodies and long polls included.
 */
public abstract class HttpApiContract {

    /** The deployment under test; called once per test. */
    protected abstract HttpTransport transport();

    private HttpTransport api() {
        return transport();
    }

    protected static String uniqueTopic() {
        return "contract-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private String createTopic(int partitions) {
        String name = uniqueTopic();
        ApiResponse r = api().post("/v1/topics", Map.of("name", name, "partitions", partitions));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return name;
    }

    static void assertProblem(ApiResponse r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode body = r.json();
        assertThat(body.get("errorCode").asText()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).isNotBlank();
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(body.has("retriable")).isTrue();
    }

    // ------------------------------------------------------------------ topics

    @Test
    void topics_createDescribeListAlterGrowDelete() {
        String name = uniqueTopic();
        ApiResponse created = api().post("/v1/topics", Map.of("name", name, "partitions", 3,
                "config", Map.of("retention.ms", 86_400_000, "cleanup.policy", "delete")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        assertThat(created.json().get("name").asText()).isEqualTo(name);
        assertThat(created.json().get("topicId").asText()).isNotBlank();
        assertThat(created.json().get("partitions")).hasSize(3);
        assertThat(created.json().at("/partitions/2/latestOffset").asLong()).isZero();
        assertThat(created.json().at("/config/retention.ms").asLong()).isEqualTo(86_400_000L);
        assertThat(created.json().at("/config/max.message.bytes").asInt()).isEqualTo(1_048_576);

        ApiResponse described = api().get("/v1/topics/" + name);
        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json().get("topicId").asText()).isEqualTo(created.json().get("topicId").asText());

        ApiResponse list = api().get("/v1/topics");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("topics").findValuesAsText("name")).contains(name);

        ApiResponse altered = api().patch("/v1/topics/" + name, Map.of("config", Map.of("max.message.bytes", "2048")));
        assertThat(altered.status()).isEqualTo(200);
        assertThat(altered.json().at("/config/max.message.bytes").asInt()).isEqualTo(2048);
        assertThat(altered.json().at("/config/retention.ms").asLong()).isEqualTo(86_400_000L);

        ApiResponse grown = api().post("/v1/topics/" + name + "/partitions", Map.of("count", 5));
        assertThat(grown.status()).isEqualTo(200);
        assertThat(grown.json().get("partitions")).hasSize(5);

        ApiResponse deleted = api().delete("/v1/topics/" + name);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertProblem(api().get("/v1/topics/" + name), 404, "TOPIC_NOT_FOUND");
    }

    @Test
    void topics_errors() {
        assertProblem(api().post("/v1/topics", Map.of("name", "bad name!", "partitions", 1)), 400, "INVALID_TOPIC_NAME");
        assertProblem(api().post("/v1/topics", "{not json"), 400, "INVALID_REQUEST");
        assertProblem(api().post("/v1/topics", Map.of("name", uniqueTopic(), "partitions", 0)), 400, "INVALID_REQUEST");
        String topic = createTopic(2);
        assertProblem(api().post("/v1/topics", Map.of("name", topic, "partitions", 4)), 409, "TOPIC_ALREADY_EXISTS");
        assertThat(api().get("/v1/topics/" + topic).json().get("partitions")).hasSize(2);
        String missing = uniqueTopic();
        assertProblem(api().get("/v1/topics/" + missing), 404, "TOPIC_NOT_FOUND");
        assertProblem(api().delete("/v1/topics/" + missing), 404, "TOPIC_NOT_FOUND");
    }

    // ----------------------------------------------------------------- produce

    @Test
    void jsonProduce_thenFetch_roundTripsKeysValuesHeadersAndTimestamps() {
        String topic = createTopic(1);
        Map<String, Object> r1 = new HashMap<>();
        r1.put("key", "k1");
        r1.put("value", "v1 ✓");
        r1.put("headers", Map.of("h", "x"));
        r1.put("timestamp", 1_700_000_000_000L);
        Map<String, Object> r2 = new HashMap<>();
        r2.put("key", null);
        r2.put("value", null);
        ApiResponse produced = api().post("/v1/topics/" + topic + "/records", Map.of("records", List.of(r1, r2)));
        assertThat(produced.status()).as(produced.text()).isEqualTo(200);
        assertThat(produced.json().at("/offsets/0/offset").asLong()).isZero();
        assertThat(produced.json().at("/offsets/1/offset").asLong()).isEqualTo(1);
        assertThat(produced.json().at("/offsets/0/timestamp").asLong()).isEqualTo(1_700_000_000_000L);

        ApiResponse fetched = api().get("/v1/topics/" + topic + "/partitions/0/records?offset=0");
        assertThat(fetched.status()).isEqualTo(200);
        JsonNode records = fetched.json().get("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("key").asText()).isEqualTo("k1");
        assertThat(records.get(0).get("value").asText()).isEqualTo("v1 ✓");
        assertThat(records.get(0).at("/headers/h").asText()).isEqualTo("x");
        assertThat(records.get(0).get("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(records.get(1).get("key").isNull()).isTrue();
        assertThat(records.get(1).get("value").isNull()).isTrue();
        assertThat(fetched.json().get("nextOffset").asLong()).isEqualTo(2);
        assertThat(fetched.json().get("highWatermark").asLong()).isEqualTo(2);

        ApiResponse fromOne = api().get("/v1/topics/" + topic + "/partitions/0/records?offset=1&maxRecords=10");
        assertThat(fromOne.json().get("records")).hasSize(1);
        assertThat(fromOne.json().at("/records/0/offset").asLong()).isEqualTo(1);
    }

    @Test
    void binaryProduce_isStoredByteForByte() {
        String topic = createTopic(2);
        byte[] value = {0, (byte) 0xff, (byte) 0x80, 10, 13, 0};
        ByteBuffer batch = RecordBatches.build(List.of(
                new RecordDraft(1000, "k".getBytes(StandardCharsets.UTF_8), value, List.of()),
                new RecordDraft(1001, null, "second".getBytes(StandardCharsets.UTF_8), List.of())),
                Compression.ZSTD, -1, (short) -1, -1);
        byte[] body = ProduceRequestCodec.encode(List.of(new PartitionBatch(1, batch)));

        ApiResponse produced = api().exchange("POST", "/v1/topics/" + topic + "/records", ProduceRequestCodec.MEDIA_TYPE, body);
        assertThat(produced.status()).as(produced.text()).isEqualTo(200);

        ApiResponse fetched = api().get("/v1/topics/" + topic + "/partitions/1/records?offset=0&encoding=base64");
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("records")).hasSize(2);
        assertThat(java.util.Base64.getDecoder().decode(fetched.json().at("/records/0/value").asText())).isEqualTo(value);
        assertThat(fetched.json().at("/records/1/offset").asLong()).isEqualTo(1);
        assertThat(api().get("/v1/topics/" + topic).json().at("/partitions/0/latestOffset").asLong()).isZero();
    }

    @Test
    void produce_errors_changeNothing() {
        String topic = createTopic(1);
        String path = "/v1/topics/" + topic + "/records";
        assertProblem(api().exchange("POST", path, "text/plain", "hello".getBytes(StandardCharsets.UTF_8)),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api().post(path, Map.of("records", List.of())), 400, "INVALID_REQUEST");
        assertProblem(api().post(path, Map.of("records", List.of(Map.of("value", "v", "partition", 3)))),
                404, "PARTITION_NOT_FOUND");
        byte[] garbage = new byte[80];
        Arrays.fill(garbage, (byte) 7);
        byte[] framed = ProduceRequestCodec.encode(List.of(new PartitionBatch(0, ByteBuffer.wrap(garbage))));
        assertProblem(api().exchange("POST", path, ProduceRequestCodec.MEDIA_TYPE, framed), 400, "CORRUPT_BATCH");
        assertProblem(api().post("/v1/topics/" + uniqueTopic() + "/records", Map.of("records", List.of(Map.of("value", "v")))),
                404, "TOPIC_NOT_FOUND");
        assertThat(api().get("/v1/topics/" + topic).json().at("/partitions/0/latestOffset").asLong()).isZero();
    }

    // ------------------------------------------------------------ fetch, offsets

    @Test
    void fetch_outOfRange_is416WithTheValidRange() {
        String topic = createTopic(1);
        api().post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "a"), Map.of("value", "b"))));
        ApiResponse r = api().get("/v1/topics/" + topic + "/partitions/0/records?offset=3");
        assertProblem(r, 416, "OFFSET_OUT_OF_RANGE");
        assertThat(r.json().get("earliestOffset").asLong()).isZero();
        assertThat(r.json().get("latestOffset").asLong()).isEqualTo(2);
        assertProblem(api().get("/v1/topics/" + topic + "/partitions/0/records?offset=abc"), 400, "INVALID_REQUEST");
        assertProblem(api().get("/v1/topics/" + topic + "/partitions/1/records?offset=0"), 404, "PARTITION_NOT_FOUND");
    }

    @Test
    void offsets_earliestLatestAndByTime() {
        String topic = createTopic(1);
        api().post("/v1/topics/" + topic + "/records", Map.of("records", List.of(
                Map.of("value", "a", "timestamp", 1000), Map.of("value", "b", "timestamp", 2000),
                Map.of("value", "c", "timestamp", 3000))));
        String base = "/v1/topics/" + topic + "/partitions/0/offsets?at=";
        assertThat(api().get(base + "earliest").json().get("offset").asLong()).isZero();
        assertThat(api().get(base + "latest").json().get("offset").asLong()).isEqualTo(3);
        ApiResponse byTime = api().get(base + "1500");
        assertThat(byTime.json().get("offset").asLong()).isEqualTo(1);
        assertThat(byTime.json().get("timestamp").asLong()).isEqualTo(2000);
        assertThat(api().get(base + "9999").json().get("offset").asLong()).isEqualTo(3);
        assertProblem(api().get(base + "soon"), 400, "INVALID_REQUEST");
    }

    @Test
    void longPoll_atHighWatermark_returnsWhenDataArrives() throws Exception {
        String topic = createTopic(1);
        CompletableFuture<ApiResponse> poll = CompletableFuture.supplyAsync(() ->
                api().get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxWaitMs=20000"));
        // Wait for the poll to be parked at the high watermark (the service counts waiting long polls).
        while (api().get("/v1/stats").json().get("fetchLongPolls").asInt() < 1) {
            assertThat(poll).isNotDone();
            Thread.onSpinWait();
        }
        assertThat(poll).isNotDone();
        api().post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "wake"))));
        ApiResponse r = poll.get(15, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/records/0/value").asText()).isEqualTo("wake");
    }

    @Test
    void longPoll_withoutData_returnsEmptyAfterTheWait() {
        String topic = createTopic(1);
        ApiResponse r = api().get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxWaitMs=100");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("records")).isEmpty();
        assertThat(r.json().get("nextOffset").asLong()).isZero();
    }

    // ----------------------------------------------------------------- routing

    @Test
    void unknownRoutesAndMethods_areProblems() {
        assertProblem(api().get("/v1/nothing-here"), 404, "NOT_FOUND");
        assertProblem(api().exchange("PUT", "/v1/topics", "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void health_isUp() {
        ApiResponse r = api().get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
    }
}
