package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.Deserializers;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.client.producer.TributaryProducer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several producer threads with keys, against the real service; once directly, once
 * through a proxy that loses every second produce response after the records were stored.
 * Consuming everything back by assign + seek must give every record exactly once, at the
 * offset its future reported, dense offsets and per-key send order.
 */
class ProducerFaultsEndToEndTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 400;
    private static final int PARTITIONS = 6;

    @Test
    void severalProducerThreadsWithKeys_everyRecordOnceInKeyOrder() throws Exception {
        runAndVerify(LiveService.endpoint(), null);
    }

    @Test
    void lostResponses_areRetried_withoutDuplicatesOrGaps() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(LiveService.endpoint(), 2)) {
            runAndVerify(proxy.uri(), proxy);
            assertThat(proxy.dropped.get()).as("responses were actually lost").isPositive();
        }
    }

    private void runAndVerify(URI endpoint, FaultyProxy proxy) throws Exception {
        String topic = "faults-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(LiveService.endpoint()).build()) {
            admin.createTopic(topic, PARTITIONS);
        }
        Map<String, RecordMetadata> acked = new HashMap<>();
        try (TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string())
                .linger(Duration.ofMillis(1)).batchSize(2048).idempotence(true)
                .retryBackoff(Duration.ofMillis(10)).deliveryTimeout(Duration.ofSeconds(60)).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Map<String, CompletableFuture<RecordMetadata>>>> jobs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    Map<String, CompletableFuture<RecordMetadata>> sent = new HashMap<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        String key = "t" + thread + "-k" + (i % 10);
                        String value = key + ":" + i + ":" + "x".repeat(100);
                        sent.put(value, producer.send(new ProducerRecord<>(topic, key, value)));
                    }
                    return sent;
                }));
            }
            Map<String, CompletableFuture<RecordMetadata>> futures = new HashMap<>();
            for (var job : jobs) {
                futures.putAll(job.get());
            }
            pool.shutdown();
            producer.flush();
            for (var e : futures.entrySet()) {
                acked.put(e.getKey(), e.getValue().get());
            }
        }
        assertThat(acked).hasSize(THREADS * PER_THREAD);

        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(LiveService.endpoint())
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            tps.forEach(tp -> consumer.seek(tp, 0));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < acked.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(read::add);
            }
            // Nothing beyond what was acknowledged.
            consumer.poll(Duration.ofMillis(300)).forEach(read::add);
        }
        assertThat(read).hasSize(acked.size());
        Set<String> seen = new HashSet<>();
        Map<Integer, Long> nextOffset = new HashMap<>();
        Map<String, Integer> lastIndexByKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : read) {
            assertThat(seen.add(r.value())).as("no duplicates: " + r.value()).isTrue();
            RecordMetadata m = acked.get(r.value());
            assertThat(m).isNotNull();
            assertThat(r.partition()).isEqualTo(m.partition());
            assertThat(r.offset()).isEqualTo(m.offset());
            long expected = nextOffset.getOrDefault(r.partition(), 0L);
            assertThat(r.offset()).as("no gaps on partition " + r.partition()).isEqualTo(expected);
            nextOffset.put(r.partition(), expected + 1);
            int index = Integer.parseInt(r.value().split(":")[1]);
            Integer last = lastIndexByKey.put(r.key(), index);
            assertThat(last == null || last < index).as("send order for key " + r.key()).isTrue();
        }
    }
}
