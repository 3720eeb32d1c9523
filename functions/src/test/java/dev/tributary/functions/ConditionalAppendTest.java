package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.wire.ProduceRequestCodec;
import dev.tributary.functions.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Conditional append ("append only if the log ends at N"): a match commits, a mismatch is 409
 * {@code OFFSET_MISMATCH} with the current end and stores nothing, racing writers with the
 * same expectation have exactly one winner, and malformed expectations are 400.
 */
class ConditionalAppendTest {
    private final TestServer server = TestServer.shared();

    private Response append(String topic, Object expectation, String field, String... values) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String v : values) {
            records.add(Map.of("value", v, "partition", 0));
        }
        return server.post("/v1/topics/" + topic + "/records", Map.of("records", records, field, expectation));
    }

    private long end(String topic) {
        return server.get("/v1/topics/" + topic + "/partitions/0/offsets?at=latest").body().get("offset").asLong();
    }

    @Test
    void matchCommits_mismatchIs409WithTheCurrentEnd_andStoresNothing() {
        String topic = server.createTopic(2);
        Response first = append(topic, 0, "expectedOffset", "a", "b");
        assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
        assertThat(first.body().at("/offsets/1/offset").asLong()).isEqualTo(1);

        Response stale = append(topic, 0, "expectedOffset", "c");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("OFFSET_MISMATCH");
        assertThat(stale.body().get("latestOffset").asLong()).isEqualTo(2);
        assertThat(stale.body().get("retriable").asBoolean()).isFalse();
        assertThat(end(topic)).isEqualTo(2);

        Response next = append(topic, Map.of("0", 2), "expectedOffsets", "c");
        assertThat(next.status()).as(next.raw().body()).isEqualTo(200);
        assertThat(next.body().at("/offsets/0/offset").asLong()).isEqualTo(2);
    }

    @Test
    void racingWritersWithTheSameExpectation_exactlyOneWins() throws Exception {
        String topic = server.createTopic(1);
        append(topic, 0, "expectedOffset", "seed");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String value = "w" + i;
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return append(topic, 1, "expectedOffset", value);
            }));
        }
        start.countDown();
        long ok = 0;
        for (CompletableFuture<Response> r : results) {
            Response response = r.get();
            if (response.status() == 200) {
                ok++;
            } else {
                assertThat(response.errorCode()).isEqualTo("OFFSET_MISMATCH");
            }
        }
        assertThat(ok).isEqualTo(1);
        assertThat(end(topic)).isEqualTo(2);
    }

    @Test
    void binaryForm_takesTheExpectationFromItsHeader() {
        String topic = server.createTopic(1);
        byte[] body = IdempotentProduceTest.request(0, -1, (short) -1, -1, "x");
        Response ok = server.send("/v1/topics/" + topic + "/records", "POST", ProduceRequestCodec.MEDIA_TYPE, body,
                Map.of("Tributary-Expected-Offsets", "0=0"));
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        Response stale = server.send("/v1/topics/" + topic + "/records", "POST", ProduceRequestCodec.MEDIA_TYPE, body,
                Map.of("Tributary-Expected-Offsets", "0=0"));
        assertThat(stale.errorCode()).isEqualTo("OFFSET_MISMATCH");
        Response bad = server.send("/v1/topics/" + topic + "/records", "POST", ProduceRequestCodec.MEDIA_TYPE, body,
                Map.of("Tributary-Expected-Offsets", "0:1"));
        assertThat(bad.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(end(topic)).isEqualTo(1);
    }

    @Test
    void malformedExpectations_are400_andStoreNothing() {
        String topic = server.createTopic(2);
        List<Object[]> bad = List.of(
                new Object[] {-1, "expectedOffset"},
                new Object[] {"3", "expectedOffset"},
                new Object[] {1.5, "expectedOffset"},
                new Object[] {Map.of("1", 0), "expectedOffsets"},
                new Object[] {Map.of("x", 0), "expectedOffsets"},
                new Object[] {Map.of(), "expectedOffsets"},
                new Object[] {List.of(0), "expectedOffsets"});
        for (Object[] b : bad) {
            Response r = append(topic, b[0], (String) b[1], "v");
            assertThat(r.status()).as(b[1] + "=" + b[0] + ": " + r.raw().body()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("INVALID_REQUEST");
        }
        Response both = server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "v",
                "partition", 0)), "expectedOffset", 0, "expectedOffsets", Map.of("0", 0)));
        assertThat(both.errorCode()).isEqualTo("INVALID_REQUEST");
        Response spread = server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(
                Map.of("value", "v", "partition", 0), Map.of("value", "w", "partition", 1)), "expectedOffset", 0));
        assertThat(spread.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(end(topic)).isZero();
    }
}
