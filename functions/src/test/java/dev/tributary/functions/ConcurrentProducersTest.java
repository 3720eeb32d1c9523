package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.functions.TestServer.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many HTTP producers write the same partitions at once. Every acknowledged record must be
 * fetched exactly once, at the offset it was acknowledged with, offsets dense from 0, and
 * each producer's records in its send order.
 */
class ConcurrentProducersTest {
    private final TestServer server = TestServer.shared();

    @Test
    void concurrentProducers_everyAckedRecordOnceDenseAndInOrder() throws Exception {
        int partitions = 3;
        int producers = 12;
        int requestsEach = 15;
        int recordsPerRequest = 7;
        String topic = server.createTopic(partitions);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<Map<String, long[]>>> futures = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            futures.add(pool.submit(() -> {
                Map<String, long[]> acked = new HashMap<>();
                for (int r = 0; r < requestsEach; r++) {
                    List<Map<String, Object>> records = new ArrayList<>();
                    for (int i = 0; i < recordsPerRequest; i++) {
                        int seq = r * recordsPerRequest + i;
                        records.add(Map.of("value", producer + ":" + seq, "partition", (producer + seq) % partitions));
                    }
                    Response resp = server.post("/v1/topics/" + topic + "/records", Map.of("records", records));
                    assertThat(resp.status()).as(resp.raw().body()).isEqualTo(200);
                    for (int i = 0; i < recordsPerRequest; i++) {
                        JsonNode o = resp.body().get("offsets").get(i);
                        acked.put(producer + ":" + (r * recordsPerRequest + i),
                                new long[] {o.get("partition").asLong(), o.get("offset").asLong()});
                    }
                }
                return acked;
            }));
        }
        Map<String, long[]> acked = new HashMap<>();
        for (Future<Map<String, long[]>> f : futures) {
            acked.putAll(f.get());
        }
        pool.shutdown();
        assertThat(acked).hasSize(producers * requestsEach * recordsPerRequest);

        Set<String> seen = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            List<JsonNode> all = fetchAll(topic, p);
            Map<Integer, Integer> lastSeqByProducer = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                JsonNode rec = all.get(i);
                assertThat(rec.get("offset").asLong()).as("dense offsets from 0").isEqualTo(i);
                String value = rec.get("value").asText();
                assertThat(seen.add(value)).as("fetched once: " + value).isTrue();
                long[] where = acked.get(value);
                assertThat(where).as("only acknowledged records exist: " + value).isNotNull();
                assertThat(where[0]).isEqualTo(p);
                assertThat(where[1]).as("at its acknowledged offset").isEqualTo(i);
                String[] parts = value.split(":");
                int producer = Integer.parseInt(parts[0]);
                int seq = Integer.parseInt(parts[1]);
                Integer last = lastSeqByProducer.put(producer, seq);
                assertThat(last == null || last < seq).as("per-producer order on partition " + p).isTrue();
            }
        }
        assertThat(seen).hasSize(acked.size());
        JsonNode stats = server.get("/v1/stats").body();
        assertThat(stats.get("commitTransactions").asLong()).isLessThanOrEqualTo(stats.get("produceRequests").asLong());
    }

    private List<JsonNode> fetchAll(String topic, int partition) {
        List<JsonNode> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            Response r = server.get("/v1/topics/" + topic + "/partitions/" + partition + "/records?offset=" + offset + "&maxRecords=200");
            assertThat(r.status()).isEqualTo(200);
            r.body().get("records").forEach(out::add);
            long next = r.body().get("nextOffset").asLong();
            if (next == r.body().get("highWatermark").asLong()) {
                return out;
            }
            assertThat(next).isGreaterThan(offset);
            offset = next;
        }
    }
}
