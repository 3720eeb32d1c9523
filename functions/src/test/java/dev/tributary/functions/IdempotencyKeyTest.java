package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Plain JSON producers retry safely with an {@code Idempotency-Key}: a retry (after a lost
 * answer, or racing the first attempt) stores nothing and gets the original offsets.
 */
class IdempotencyKeyTest {
    private final TestServer server = TestServer.shared();

    private Response produce(String topic, String key, Object records) {
        return server.post("/v1/topics/" + topic + "/records", Map.of("records", records), Map.of("Idempotency-Key", key));
    }

    private long total(String topic, int partitions) {
        long sum = 0;
        for (int p = 0; p < partitions; p++) {
            sum += server.get("/v1/topics/" + topic + "/partitions/" + p + "/offsets?at=latest").body().get("offset").asLong();
        }
        return sum;
    }

    @Test
    void retryWithTheSameKey_returnsTheOriginalOffsets_andStoresOnce() {
        String topic = server.createTopic(3);
        List<Map<String, Object>> records = List.of(Map.of("value", "a"), Map.of("value", "b"), Map.of("key", "k", "value", "c"));
        Response first = produce(topic, "order-1", records);
        assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
        Response retry = produce(topic, "order-1", records);
        assertThat(retry.status()).isEqualTo(200);
        for (int i = 0; i < records.size(); i++) {
            assertThat(retry.body().at("/offsets/" + i + "/partition")).isEqualTo(first.body().at("/offsets/" + i + "/partition"));
            assertThat(retry.body().at("/offsets/" + i + "/offset")).isEqualTo(first.body().at("/offsets/" + i + "/offset"));
        }
        assertThat(total(topic, 3)).isEqualTo(3);

        Response other = produce(topic, "order-2", records);
        assertThat(other.status()).isEqualTo(200);
        assertThat(total(topic, 3)).isEqualTo(6);
    }

    @Test
    void concurrentAttemptsWithOneKey_storeOnce() throws Exception {
        String topic = server.createTopic(1);
        List<CompletableFuture<Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(CompletableFuture.supplyAsync(() -> produce(topic, "same", List.of(Map.of("value", "x")))));
        }
        for (CompletableFuture<Response> a : attempts) {
            Response r = a.get();
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            assertThat(r.body().at("/offsets/0/offset").asLong()).isZero();
        }
        assertThat(total(topic, 1)).isEqualTo(1);
    }

    @Test
    void aKeyReusedForADifferentRequest_orAMalformedKey_is400_andStoresNothing() {
        String topic = server.createTopic(1);
        assertThat(produce(topic, "k1", List.of(Map.of("value", "x"))).status()).isEqualTo(200);
        Response reused = produce(topic, "k1", List.of(Map.of("value", "x"), Map.of("value", "y")));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.errorCode()).isEqualTo("INVALID_REQUEST");
        for (String bad : List.of("with space", "x".repeat(256), "tab\tkey")) {
            Response r = produce(topic, bad, List.of(Map.of("value", "x")));
            assertThat(r.status()).as(bad).isEqualTo(400);
        }
        assertThat(total(topic, 1)).isEqualTo(1);
    }
}
