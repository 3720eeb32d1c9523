package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.format.BatchSummary;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.core.wire.ProduceRequestCodec;
import dev.tributary.functions.TestServer.Response;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.functions.produce.SegmentBatcher;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Crc32C;
import org.junit.jupiter.api.Test;

/**
 * Requests an attacker would send: each is refused with a clear problem+json and changes
 * nothing stored, and bytes that are already bad in storage cannot poison a partition.
 */
class HostileInputTest {
    private final TestServer server = TestServer.shared();

    private static void assertProblem(Response r, int status, String code) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.errorCode()).isEqualTo(code);
    }

    private long latest(String topic) {
        return server.get("/v1/topics/" + topic).body().at("/partitions/0/latestOffset").asLong();
    }

    private Response produceBinary(String topic, ByteBuffer batch) {
        byte[] body = ProduceRequestCodec.encode(List.of(new PartitionBatch(0, batch)));
        return server.send("/v1/topics/" + topic + "/records", "POST", ProduceRequestCodec.MEDIA_TYPE, body);
    }

    private static ByteBuffer withControlBit(ByteBuffer batch) {
        ByteBuffer b = ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
        b.putShort(RecordBatches.ATTRIBUTES_OFFSET, (short) (b.getShort(RecordBatches.ATTRIBUTES_OFFSET) | 0x20));
        fixCrc(b);
        return b;
    }

    private static void fixCrc(ByteBuffer b) {
        b.putInt(RecordBatches.CRC_OFFSET,
                (int) Crc32C.compute(b, RecordBatches.ATTRIBUTES_OFFSET, b.limit() - RecordBatches.ATTRIBUTES_OFFSET));
    }

    private static ByteBuffer batchOf(String... values) {
        List<RecordDraft> drafts = new ArrayList<>();
        for (String v : values) {
            drafts.add(new RecordDraft(1L, null, v.getBytes(StandardCharsets.UTF_8), List.of()));
        }
        return RecordBatches.build(drafts, Compression.NONE);
    }

    @Test
    void controlBatch_isRefusedAtProduce_andStoresNothing() {
        String topic = server.createTopic(1);

        assertProblem(produceBinary(topic, withControlBit(batchOf("marker"))), 400, "INVALID_REQUEST");

        assertThat(latest(topic)).isZero();
    }

    @Test
    void gzipBomb_isRefusedAtProduce_andStoresNothing() {
        String topic = server.createTopic(1);
        List<RecordDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            drafts.add(new RecordDraft(1L, null, new byte[1 << 20], List.of()));
        }
        ByteBuffer bomb = RecordBatches.build(drafts, Compression.GZIP);
        assertThat(bomb.remaining()).isLessThan(100_000);

        Response r = produceBinary(topic, bomb);

        assertProblem(r, 413, "REQUEST_TOO_LARGE");
        assertThat(r.body().get("maxDecompressedBytes").asLong()).isEqualTo(16L << 20);
        assertThat(latest(topic)).isZero();
    }

    @Test
    void badBatchAlreadyInStorage_isReportedAndSkipped_withoutHidingGoodRecords() {
        String topic = server.createTopic(1);
        assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "before"))))
                .status()).isEqualTo(200);
        // Bytes that never passed produce validation: a control batch, as older versions stored.
        var id = server.context().getBean(TopicService.class).require(topic).topicId();
        ByteBuffer poison = withControlBit(batchOf("poison"));
        server.context().getBean(SegmentBatcher.class).submit(List.of(new SegmentBatcher.Append(id, 0, poison,
                new BatchSummary(1, 1L, 1L, -1L, (short) -1, -1, poison.remaining(), Compression.NONE)))).join();
        assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "after"))))
                .status()).isEqualTo(200);

        Response all = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0");
        assertThat(all.status()).as(all.raw().body()).isEqualTo(200);
        assertThat(all.body().get("records")).extracting(n -> n.get("value").asText()).containsExactly("before", "after");
        JsonNode bad = all.body().at("/corruptRanges/0");
        assertThat(bad.get("fromOffset").asLong()).isEqualTo(1);
        assertThat(bad.get("toOffset").asLong()).isEqualTo(2);
        assertThat(bad.get("errorCode").asText()).isEqualTo("CORRUPT_BATCH");
        assertThat(all.body().get("nextOffset").asLong()).isEqualTo(3);

        Response atBad = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=1");
        assertThat(atBad.status()).isEqualTo(200);
        assertThat(atBad.body().get("records")).extracting(n -> n.get("value").asText()).containsExactly("after");
    }

    @Test
    void lenientJson_isRefused() {
        String topic = server.createTopic(1);
        String records = "/v1/topics/" + topic + "/records";
        assertProblem(server.post(records, "{\"records\":[{\"value\":\"a\"}]} {\"records\":[]}"), 400, "INVALID_REQUEST");
        assertProblem(server.post(records, "{\"records\":[{\"value\":\"a\"}]}x"), 400, "INVALID_REQUEST");
        assertProblem(server.post(records, "{\"records\":[{\"value\":\"a\",\"value\":\"b\"}]}"), 400, "INVALID_REQUEST");
        assertProblem(server.post(records, "{\"records\":[{\"value\":\"\\ud800\"}]}"), 400, "INVALID_REQUEST");
        assertProblem(server.post(records, "{\"records\":[{\"value\":\"a\",\"headers\":{\"\\udc00\":\"x\"}}]}"),
                400, "INVALID_REQUEST");
        assertProblem(server.send(records, "POST", "application/json",
                new byte[] {'{', '"', 'r', '"', ':', '"', (byte) 0xC3, '"', '}'}), 400, "INVALID_REQUEST");
        assertProblem(server.post("/v1/topics", "{\"name\":\"" + TestServer.uniqueTopic() + "\",\"partitions\":1,"
                + "\"partitions\":64}"), 400, "INVALID_REQUEST");
        assertThat(latest(topic)).isZero();
        // A surrogate pair is text and still works.
        assertThat(server.post(records, "{\"records\":[{\"value\":\"\\ud83d\\ude00\"}]}").status()).isEqualTo(200);
    }

    @Test
    void nonAsciiDigits_areNotNumbers() {
        String topic = server.createTopic(1);
        String base = "/v1/topics/" + topic + "/partitions/0/";
        assertProblem(server.get(base + "records?offset=%D9%A3"), 400, "INVALID_REQUEST");
        assertProblem(server.get(base + "records?maxRecords=%EF%BC%95"), 400, "INVALID_REQUEST");
        assertProblem(server.get(base + "offsets?at=%D9%A3"), 400, "INVALID_REQUEST");
        assertProblem(server.get("/v1/topics/" + topic + "/partitions/%D9%A0/records"), 400, "INVALID_REQUEST");
    }

    @Test
    void crossSiteStyleRequests_areRefused() {
        String name = TestServer.uniqueTopic();
        String create = "{\"name\":\"" + name + "\",\"partitions\":1}";
        byte[] body = create.getBytes(StandardCharsets.UTF_8);
        assertProblem(server.send("/v1/topics", "POST", "text/plain", body), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(server.send("/v1/topics", "POST", "application/x-www-form-urlencoded", body), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(server.send("/v1/topics", "POST", null, body), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(server.send("/v1/groups/g-" + name + "/offsets", "POST", "text/plain",
                "{\"offsets\":[]}".getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(server.get("/v1/topics/" + name).status()).isEqualTo(404);

        Response foreign = send(HttpRequest.newBuilder(server.uri().resolve("/v1/topics"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(server.get("/v1/topics/" + name).status()).isEqualTo(404);
    }

    @Test
    void bodyLargerThanMicronautsDefaultBuffer_isAccepted() {
        String topic = server.createTopic(1);
        StringBuilder json = new StringBuilder("{\"records\":[");
        String value = "v".repeat(900_000);
        for (int i = 0; i < 13; i++) {
            json.append(i == 0 ? "" : ",").append("{\"value\":\"").append(value).append("\"}");
        }
        json.append("]}");
        assertThat(json.length()).isGreaterThan(11 << 20);

        Response r = server.post("/v1/topics/" + topic + "/records", json.toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(latest(topic)).isEqualTo(13);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    TestServer.JSON.readTree(r.body()), r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
