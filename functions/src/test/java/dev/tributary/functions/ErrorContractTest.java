package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.core.wire.ProduceRequestCodec;
import dev.tributary.functions.TestServer.Response;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Sends every bad input the API must refuse and checks the problem+json shape, the error
 * code, and that nothing stored changed.
 */
class ErrorContractTest {
    private final TestServer server = TestServer.shared();

    private static void assertProblem(Response r, int status, String code) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.body().get("title").asText()).isNotBlank();
        assertThat(r.body().get("detail").asText()).isNotBlank();
        assertThat(r.body().get("type").asText()).isNotBlank();
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().has("retriable")).isTrue();
        if (status == 429 || status == 503) {
            assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
        }
    }

    private long latest(String topic, int partition) {
        return server.get("/v1/topics/" + topic).body().at("/partitions/" + partition + "/latestOffset").asLong();
    }

    @Test
    void topicAdministration_errors() {
        assertProblem(server.post("/v1/topics", Map.of("name", "bad name!", "partitions", 1)), 400, "INVALID_TOPIC_NAME");
        assertProblem(server.post("/v1/topics", Map.of("name", "..", "partitions", 1)), 400, "INVALID_TOPIC_NAME");
        assertProblem(server.post("/v1/topics", Map.of("name", "x".repeat(250))), 400, "INVALID_TOPIC_NAME");
        assertProblem(server.get("/v1/topics/bad$name"), 400, "INVALID_TOPIC_NAME");
        Response notJson = server.post("/v1/topics", "{not json");
        assertProblem(notJson, 400, "INVALID_REQUEST");
        assertThat(notJson.body().get("detail").asText()).startsWith("The request body is not valid JSON")
                .doesNotContain("jackson").doesNotContain("Unexpected character").doesNotContain("Source:");
        assertProblem(server.post("/v1/topics", "[1,2]"), 400, "INVALID_REQUEST");
        assertProblem(server.post("/v1/topics", Map.of("partitions", 1)), 400, "INVALID_REQUEST");
        assertProblem(server.post("/v1/topics", Map.of("name", TestServer.uniqueTopic(), "partitions", 0)), 400, "INVALID_REQUEST");
        assertProblem(server.post("/v1/topics", Map.of("name", TestServer.uniqueTopic(), "partitions", "three")), 400, "INVALID_REQUEST");
        assertProblem(server.post("/v1/topics", Map.of("name", TestServer.uniqueTopic(), "config", Map.of("retention.mss", 5))),
                400, "INVALID_REQUEST");

        String topic = server.createTopic(2);
        assertProblem(server.post("/v1/topics", Map.of("name", topic, "partitions", 4)), 409, "TOPIC_ALREADY_EXISTS");
        assertProblem(server.post("/v1/topics/" + topic + "/partitions", Map.of("count", 1)), 400, "INVALID_REQUEST");
        assertProblem(server.patch("/v1/topics/" + topic, Map.of("config", Map.of("cleanup.policy", "shred"))), 400, "INVALID_REQUEST");
        assertProblem(server.patch("/v1/topics/" + topic, Map.of()), 400, "INVALID_REQUEST");
        assertThat(server.get("/v1/topics/" + topic).body().get("partitions")).hasSize(2);
        assertThat(server.get("/v1/topics/" + topic).body().at("/config/cleanup.policy").asText()).isEqualTo("delete");

        String missing = TestServer.uniqueTopic();
        assertProblem(server.get("/v1/topics/" + missing), 404, "TOPIC_NOT_FOUND");
        assertProblem(server.delete("/v1/topics/" + missing), 404, "TOPIC_NOT_FOUND");
        assertProblem(server.patch("/v1/topics/" + missing, Map.of("config", Map.of())), 404, "TOPIC_NOT_FOUND");
        assertProblem(server.post("/v1/topics/" + missing + "/partitions", Map.of("count", 3)), 404, "TOPIC_NOT_FOUND");
    }

    @Test
    void produce_errors_changeNothing() {
        String topic = server.createTopic(2);
        server.patch("/v1/topics/" + topic, Map.of("config", Map.of("max.message.bytes", 100)));
        String path = "/v1/topics/" + topic + "/records";

        assertProblem(server.send(path, "POST", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(server.send(path, "POST", null, "{}".getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(server.post(path, "{\"records\": ["), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("records", List.of())), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("records", "nope")), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", 12)))), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", "v", "timestamp", -5)))), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", "v", "headers", List.of("h"))))), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", "v", "headers", Map.of("", "x"))))), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("valueEncoding", "base64", "records", List.of(Map.of("value", "***")))), 400, "INVALID_REQUEST");
        assertProblem(server.post(path, Map.of("valueEncoding", "rot13", "records", List.of(Map.of("value", "x")))), 400, "INVALID_REQUEST");
        // A valid record before a bad one: the whole request is refused.
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", "ok"), Map.of("value", "v", "partition", 2)))),
                404, "PARTITION_NOT_FOUND");
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", "v", "partition", -1)))), 404, "PARTITION_NOT_FOUND");
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", "ok"), Map.of("value", "x".repeat(101))))),
                413, "RECORD_TOO_LARGE");
        Map<String, String> manyHeaders = new java.util.HashMap<>();
        for (int i = 0; i < 65; i++) {
            manyHeaders.put("h" + i, "");
        }
        assertProblem(server.post(path, Map.of("records", List.of(Map.of("value", "v", "headers", manyHeaders)))), 400, "INVALID_REQUEST");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(Map.of("value", ""));
        }
        assertProblem(server.post(path, Map.of("records", tooMany)), 413, "REQUEST_TOO_LARGE");
        assertProblem(server.post("/v1/topics/" + TestServer.uniqueTopic() + "/records", Map.of("records", List.of(Map.of("value", "v")))),
                404, "TOPIC_NOT_FOUND");

        // Binary form: framing errors and corrupt batches.
        String bin = ProduceRequestCodec.MEDIA_TYPE;
        assertProblem(server.send(path, "POST", bin, new byte[] {1, 2, 3}), 400, "INVALID_REQUEST");
        byte[] garbageBatch = new byte[80];
        java.util.Arrays.fill(garbageBatch, (byte) 7);
        byte[] framed = ProduceRequestCodec.encode(List.of(new PartitionBatch(0, ByteBuffer.wrap(garbageBatch))));
        assertProblem(server.send(path, "POST", bin, framed), 400, "CORRUPT_BATCH");

        assertThat(latest(topic, 0)).isZero();
        assertThat(latest(topic, 1)).isZero();
        assertThat(server.get("/v1/stats").body().get("segmentPuts").asLong()).isNotNegative();
    }

    @Test
    void fetch_errors() {
        String topic = server.createTopic(1);
        server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "a"), Map.of("value", "b"))));
        String base = "/v1/topics/" + topic + "/partitions/";
        Response outOfRange = server.get(base + "0/records?offset=3");
        assertProblem(outOfRange, 416, "OFFSET_OUT_OF_RANGE");
        assertThat(outOfRange.body().get("earliestOffset").asLong()).isZero();
        assertThat(outOfRange.body().get("latestOffset").asLong()).isEqualTo(2);
        assertProblem(server.get(base + "0/records?offset=-1"), 416, "OFFSET_OUT_OF_RANGE");
        assertProblem(server.get(base + "0/records?offset=abc"), 400, "INVALID_REQUEST");
        assertProblem(server.get(base + "0/records?offset=0&maxRecords=0"), 400, "INVALID_REQUEST");
        assertProblem(server.get(base + "0/records?offset=0&maxWaitMs=999999999"), 400, "INVALID_REQUEST");
        assertProblem(server.get(base + "0/records?offset=0&encoding=hex"), 400, "INVALID_REQUEST");
        assertProblem(server.get(base + "1/records?offset=0"), 404, "PARTITION_NOT_FOUND");
        assertProblem(server.get(base + "x/records?offset=0"), 400, "INVALID_REQUEST");
        assertProblem(server.get(base + "0/segments?offset=5"), 416, "OFFSET_OUT_OF_RANGE");
        assertProblem(server.get("/v1/topics/" + TestServer.uniqueTopic() + "/partitions/0/records"), 404, "TOPIC_NOT_FOUND");
    }

    @Test
    void throttled_whenTooMuchIsWaiting() throws Exception {
        try (TestServer slow = TestServer.start(Map.of("tributary.produce.linger", "3s", "tributary.produce.max-pending-bytes", 1))) {
            String topic = slow.createTopic(1);
            String path = "/v1/topics/" + topic + "/records";
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() ->
                    slow.post(path, Map.of("records", List.of(Map.of("value", "first")))));
            while (slow.get("/v1/stats").body().get("produceRequests").asLong() < 1) {
                Thread.sleep(10);
            }
            Response second = slow.post(path, Map.of("records", List.of(Map.of("value", "second"))));
            assertProblem(second, 429, "THROTTLED");
            assertThat(first.get().status()).isEqualTo(200);
            assertThat(slow.get("/v1/topics/" + topic).body().at("/partitions/0/latestOffset").asLong()).isEqualTo(1);
        }
    }
}
