package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
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
 * Idempotent producing over the binary form: a retried batch is stored once and answered
 * with its original offsets; gaps and stale epochs are refused.
 */
class IdempotentProduceTest {
    private final TestServer server = TestServer.shared();

    static byte[] request(int partition, long producerId, short epoch, int baseSequence, String... values) {
        List<RecordDraft> drafts = new ArrayList<>();
        for (String v : values) {
            drafts.add(new RecordDraft(1000, null, v.getBytes(StandardCharsets.UTF_8), List.of()));
        }
        ByteBuffer batch = RecordBatches.build(drafts, Compression.ZSTD, producerId, epoch, baseSequence);
        return ProduceRequestCodec.encode(List.of(new PartitionBatch(partition, batch)));
    }

    private Response send(TestServer s, String topic, byte[] body) {
        return s.send("/v1/topics/" + topic + "/records", "POST", ProduceRequestCodec.MEDIA_TYPE, body);
    }

    private long producerId(TestServer s) {
        Response r = s.post("/v1/producers", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("producerEpoch").asInt()).isZero();
        return r.body().get("producerId").asLong();
    }

    private List<String> values(TestServer s, String topic) {
        Response r = s.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxRecords=1000");
        List<String> out = new ArrayList<>();
        r.body().get("records").forEach(n -> out.add(n.get("value").asText()));
        return out;
    }

    @Test
    void retryAfterLostResponse_returnsOriginalOffsets_andStoresOnce() {
        String topic = server.createTopic(1);
        long pid = producerId(server);
        byte[] first = request(0, pid, (short) 0, 0, "a", "b");
        Response ok = send(server, topic, first);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        assertThat(ok.body().at("/batches/0/baseOffset").asLong()).isZero();
        assertThat(ok.body().at("/batches/0/duplicate").asBoolean()).isFalse();

        // The response was "lost": the producer sends the same batch again.
        Response retry = send(server, topic, first);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().at("/batches/0/baseOffset").asLong()).isZero();
        assertThat(retry.body().at("/batches/0/duplicate").asBoolean()).isTrue();

        assertThat(send(server, topic, request(0, pid, (short) 0, 2, "c")).body().at("/batches/0/baseOffset").asLong()).isEqualTo(2);
        assertThat(values(server, topic)).containsExactly("a", "b", "c");
    }

    @Test
    void sequenceGap_isOutOfOrder_andChangesNothing() {
        String topic = server.createTopic(1);
        long pid = producerId(server);
        assertThat(send(server, topic, request(0, pid, (short) 0, 0, "a")).status()).isEqualTo(200);
        Response gap = send(server, topic, request(0, pid, (short) 0, 5, "x"));
        assertThat(gap.status()).isEqualTo(409);
        assertThat(gap.errorCode()).isEqualTo("OUT_OF_ORDER_SEQUENCE");
        assertThat(gap.body().get("expectedSequence").asInt()).isEqualTo(1);
        Response firstNotZero = send(server, server.createTopic(1), request(0, pid, (short) 0, 3, "x"));
        assertThat(firstNotZero.errorCode()).isEqualTo("OUT_OF_ORDER_SEQUENCE");
        assertThat(values(server, topic)).containsExactly("a");
    }

    @Test
    void staleEpoch_isFenced() {
        String topic = server.createTopic(1);
        long pid = producerId(server);
        assertThat(send(server, topic, request(0, pid, (short) 0, 0, "old")).status()).isEqualTo(200);
        Response bumped = server.post("/v1/producers", Map.of("producerId", pid));
        assertThat(bumped.body().get("producerEpoch").asInt()).isEqualTo(1);

        Response zombie = send(server, topic, request(0, pid, (short) 0, 1, "zombie"));
        assertThat(zombie.status()).isEqualTo(409);
        assertThat(zombie.errorCode()).isEqualTo("PRODUCER_FENCED");
        Response fresh = send(server, topic, request(0, pid, (short) 1, 0, "new"));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(values(server, topic)).containsExactly("old", "new");

        assertThat(server.post("/v1/producers", Map.of("producerId", 987_654_321L)).errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(send(server, topic, request(0, 987_654_321L, (short) 0, 0, "x")).errorCode()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void pipelinedBatches_andTheirRetries_keepOrderAndStoreOnce() throws Exception {
        String topic = server.createTopic(1);
        long pid = producerId(server);
        List<CompletableFuture<Response>> inFlight = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            byte[] body = request(0, pid, (short) 0, b * 3, "v" + (b * 3), "v" + (b * 3 + 1), "v" + (b * 3 + 2));
            inFlight.add(CompletableFuture.completedFuture(send(server, topic, body)));
            // The same batch again, as a retry racing the original.
            inFlight.add(CompletableFuture.supplyAsync(() -> send(server, topic, body)));
        }
        for (int b = 0; b < 10; b++) {
            Response original = inFlight.get(2 * b).get();
            Response retry = inFlight.get(2 * b + 1).get();
            assertThat(original.status()).as(original.raw().body()).isEqualTo(200);
            assertThat(retry.status()).as(retry.raw().body()).isEqualTo(200);
            assertThat(retry.body().at("/batches/0/baseOffset").asLong())
                    .isEqualTo(original.body().at("/batches/0/baseOffset").asLong()).isEqualTo(b * 3L);
        }
        List<String> values = values(server, topic);
        assertThat(values).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(values.get(i)).isEqualTo("v" + i);
        }
    }

    @Test
    void retryAfterCrashBetweenPutAndCommit_storesOnce() {
        try (TestServer faulty = TestServer.start(Map.of("test.fail-commits", 1))) {
            String topic = faulty.createTopic(1);
            long pid = producerId(faulty);
            byte[] body = request(0, pid, (short) 0, 0, "p", "q");
            Response crashed = send(faulty, topic, body);
            assertThat(crashed.status()).isEqualTo(503);
            Response retried = send(faulty, topic, body);
            assertThat(retried.status()).as(retried.raw().body()).isEqualTo(200);
            assertThat(retried.body().at("/batches/0/duplicate").asBoolean()).isFalse();
            assertThat(values(faulty, topic)).containsExactly("p", "q");
        }
    }

    @Test
    void retryOnAnotherInstance_afterCommit_isRecognised() {
        String topic = server.createTopic(1);
        long pid = producerId(server);
        byte[] body = request(0, pid, (short) 0, 0, "once");
        assertThat(send(server, topic, body).status()).isEqualTo(200);
        try (TestServer other = TestServer.start(Map.of())) {
            Response retry = send(other, topic, body);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body().at("/batches/0/duplicate").asBoolean()).isTrue();
            JsonNode next = send(other, topic, request(0, pid, (short) 0, 1, "twice")).body();
            assertThat(next.at("/batches/0/baseOffset").asLong()).isEqualTo(1);
        }
        assertThat(values(server, topic)).containsExactly("once", "twice");
    }

    @Test
    void higherEpochAtSequenceZero_isTheProducersOwnBump_andFencesTheOlderEpoch() {
        String topic = server.createTopic(2);
        long pid = producerId(server);
        assertThat(send(server, topic, request(0, pid, (short) 0, 0, "a", "b")).status()).isEqualTo(200);

        // As a Kafka producer does after some errors: epoch + 1, sequences from 0, no new id asked for.
        Response bumped = send(server, topic, request(0, pid, (short) 1, 0, "c"));
        assertThat(bumped.status()).as(bumped.raw().body()).isEqualTo(200);
        assertThat(bumped.body().at("/batches/0/baseOffset").asLong()).isEqualTo(2);
        assertThat(send(server, topic, request(1, pid, (short) 1, 0, "other partition")).status()).isEqualTo(200);
        assertThat(send(server, topic, request(0, pid, (short) 1, 1, "d")).status()).isEqualTo(200);

        Response stale = send(server, topic, request(0, pid, (short) 0, 2, "zombie"));
        assertThat(stale.errorCode()).isEqualTo("PRODUCER_FENCED");
        try (TestServer other = TestServer.start(Map.of())) {
            assertThat(send(other, topic, request(0, pid, (short) 0, 2, "zombie")).errorCode()).isEqualTo("PRODUCER_FENCED");
        }
        // The recorded epoch is the raised one: the next explicit bump goes above it.
        assertThat(server.post("/v1/producers", Map.of("producerId", pid)).body().get("producerEpoch").asInt()).isEqualTo(2);
        assertThat(values(server, topic)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void higherEpochWithNonZeroSequence_isOutOfOrder_andRecordsNothing() {
        String topic = server.createTopic(1);
        long pid = producerId(server);
        assertThat(send(server, topic, request(0, pid, (short) 0, 0, "a")).status()).isEqualTo(200);
        Response refused = send(server, topic, request(0, pid, (short) 1, 1, "x"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("OUT_OF_ORDER_SEQUENCE");
        assertThat(refused.body().get("expectedSequence").asInt()).isZero();
        // Epoch 0 is still current: nothing was raised.
        assertThat(send(server, topic, request(0, pid, (short) 0, 1, "b")).status()).isEqualTo(200);
        assertThat(values(server, topic)).containsExactly("a", "b");
        assertThat(send(server, topic, request(0, 987_654_322L, (short) 1, 0, "x")).errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(values(server, topic)).containsExactly("a", "b");
    }

    @Test
    void twoInstancesRaisingTheSameProducersEpoch_converge() throws Exception {
        try (TestServer other = TestServer.start(Map.of())) {
            for (int round = 0; round < 5; round++) {
                String topic = server.createTopic(2);
                long pid = producerId(server);
                assertThat(send(server, topic, request(0, pid, (short) 0, 0, "old")).status()).isEqualTo(200);
                assertThat(send(other, topic, request(1, pid, (short) 0, 0, "old")).status()).isEqualTo(200);
                CompletableFuture<Response> onA = CompletableFuture.supplyAsync(
                        () -> send(server, topic, request(0, pid, (short) 1, 0, "new")));
                CompletableFuture<Response> onB = CompletableFuture.supplyAsync(
                        () -> send(other, topic, request(1, pid, (short) 1, 0, "new")));
                assertThat(onA.get().status()).as(onA.get().raw().body()).isEqualTo(200);
                assertThat(onB.get().status()).as(onB.get().raw().body()).isEqualTo(200);
                // Racing to different epochs: the higher one wins, the lower one is fenced from then on.
                CompletableFuture<Response> two = CompletableFuture.supplyAsync(
                        () -> send(server, topic, request(0, pid, (short) 3, 0, "three")));
                CompletableFuture<Response> one = CompletableFuture.supplyAsync(
                        () -> send(other, topic, request(1, pid, (short) 2, 0, "two")));
                assertThat(two.get().status()).as(two.get().raw().body()).isEqualTo(200);
                assertThat(one.get().status()).isIn(200, 409);
                for (TestServer s : List.of(server, other)) {
                    for (int partition = 0; partition < 2; partition++) {
                        assertThat(send(s, topic, request(partition, pid, (short) 2, 1, "late")).errorCode())
                                .isEqualTo("PRODUCER_FENCED");
                    }
                }
                assertThat(values(server, topic)).containsExactly("old", "new", "three");
            }
        }
    }
}
