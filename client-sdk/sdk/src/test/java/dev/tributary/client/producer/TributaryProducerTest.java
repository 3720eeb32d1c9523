package dev.tributary.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.BufferExhaustedException;
import dev.tributary.client.FakeService;
import dev.tributary.client.internal.MockTime;
import dev.tributary.client.RecordTooLargeException;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TributaryException;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.core.format.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TributaryProducerTest {

    private static TributaryProducer.Builder<String, String> builder(FakeService http) {
        return TributaryProducer.builder().endpoint(http.endpoint())
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string())
                .linger(Duration.ofMillis(2)).batchSize(16 * 1024).retryBackoff(Duration.ofMillis(10));
    }

    @Test
    void send_fromManyThreads_storesEveryRecordOnceInSendOrderPerPartition() throws Exception {
        try (FakeProduceService service = new FakeProduceService(4, true);
             TributaryProducer<String, String> producer = builder(service.http).build()) {
            int threads = 4;
            int perThread = 2_000;
            List<List<CompletableFuture<RecordMetadata>>> futures = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<CompletableFuture<RecordMetadata>> mine = new ArrayList<>();
                futures.add(mine);
                int id = t;
                workers.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        mine.add(producer.send(new ProducerRecord<>("t", "k" + id, id + ":" + i)));
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (Thread w : workers) {
                w.join();
            }
            producer.flush();

            assertThat(service.storedCount()).isEqualTo(threads * perThread);
            for (int t = 0; t < threads; t++) {
                long previous = -1;
                int partition = -1;
                for (CompletableFuture<RecordMetadata> f : futures.get(t)) {
                    RecordMetadata m = f.getNow(null);
                    assertThat(m).isNotNull();
                    if (partition >= 0) {
                        assertThat(m.partition()).isEqualTo(partition);
                    }
                    partition = m.partition();
                    assertThat(m.offset()).isGreaterThan(previous);
                    previous = m.offset();
                    LogRecord stored = service.stored.get(m.partition()).get((int) m.offset());
                    assertThat(new String(stored.key(), StandardCharsets.UTF_8)).isEqualTo("k" + t);
                }
            }
            assertThat(producer.producerId()).isEqualTo(17);
        }
    }

    @Test
    void send_whenThrottled_waitsForRetryAfterAndSucceeds() throws Exception {
        try (FakeProduceService service = new FakeProduceService(1, true);
             TributaryProducer<String, String> producer = builder(service.http).build()) {
            service.script.put(0, "status:429:THROTTLED:1");
            RecordMetadata m = producer.send(new ProducerRecord<>("t", "k", "v")).get(10, TimeUnit.SECONDS);

            assertThat(m.offset()).isZero();
            assertThat(service.produceRequests.get()).isEqualTo(2);
            long waitedNanos = service.requestTimesNanos.get(1) - service.requestTimesNanos.get(0);
            assertThat(waitedNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
        }
    }

    @Test
    void send_whenStorageUnavailable_retries() throws Exception {
        try (FakeProduceService service = new FakeProduceService(1, true);
             TributaryProducer<String, String> producer = builder(service.http).build()) {
            service.script.put(0, "status:503:STORAGE_UNAVAILABLE");
            service.script.put(1, "status:503:STORAGE_UNAVAILABLE");
            assertThat(producer.send(new ProducerRecord<>("t", "v")).get(10, TimeUnit.SECONDS).offset()).isZero();
            assertThat(service.storedCount()).isEqualTo(1);
        }
    }

    @Test
    void send_whenAnswerIsLostAfterStoring_retryGetsOriginalOffsetsAndStoresOnce() throws Exception {
        try (FakeProduceService service = new FakeProduceService(1, true);
             TributaryProducer<String, String> producer = builder(service.http).build()) {
            producer.send(new ProducerRecord<>("t", "first")).get(10, TimeUnit.SECONDS);
            service.script.put(1, "drop-after-store");
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(new ProducerRecord<>("t", "v" + i)));
            }
            producer.flush();

            assertThat(service.produceRequests.get()).isGreaterThanOrEqualTo(3);
            assertThat(service.storedCount()).isEqualTo(11);
            for (int i = 0; i < 10; i++) {
                assertThat(sent.get(i).get().offset()).isEqualTo(1 + i);
            }
        }
    }

    @Test
    void send_whenOneBatchOfARequestIsTooLarge_failsOnlyThatPartition() throws Exception {
        try (FakeProduceService service = new FakeProduceService(2, true);
             TributaryProducer<String, String> producer = builder(service.http).linger(Duration.ofMillis(50))
                     .build()) {
            service.rejectPartition = 1;
            CompletableFuture<RecordMetadata> good = producer.send(new ProducerRecord<>("t", 0, "k", "ok"));
            CompletableFuture<RecordMetadata> bad = producer.send(new ProducerRecord<>("t", 1, "k", "too big"));
            producer.flush();

            assertThat(good.get().partition()).isZero();
            assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void send_toMissingTopic_failsWithTopicNotFound() {
        try (FakeProduceService service = new FakeProduceService(1, false);
             TributaryProducer<String, String> producer = builder(service.http).build()) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("missing", "v")).get())
                    .hasCauseInstanceOf(TopicNotFoundException.class);
        }
    }

    @Test
    void send_withoutProducerIdSupport_fallsBackToPlainProducing() throws Exception {
        try (FakeProduceService service = new FakeProduceService(3, false);
             TributaryProducer<String, String> producer = builder(service.http).build()) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("t", null, "v" + i));
            }
            producer.flush();
            assertThat(service.storedCount()).isEqualTo(100);
            assertThat(producer.producerId()).isEqualTo(-1);
        }
    }

    @Test
    void send_whenBufferStaysFull_failsAfterMaxBlock() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeService http = new FakeService()) {
            http.route("GET", "/v1/topics/t", (ex, b) -> {
                FakeService.json(ex, 200, "{\"name\":\"t\",\"partitions\":[{\"partition\":0}]}");
                return true;
            });
            http.route("POST", "/v1/topics/t/records", (ex, b) -> {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                FakeService.problem(ex, 503, "STORAGE_UNAVAILABLE", "slow");
                return true;
            });
            TributaryProducer<String, String> producer = builder(http).idempotence(false)
                    .batchSize(1024).bufferMemory(4096).maxBlock(Duration.ofSeconds(1))
                    .deliveryTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(30)).build();
            String value = "x".repeat(900);
            CompletableFuture<RecordMetadata> last = null;
            for (int i = 0; i < 10 && (last == null || !last.isDone()); i++) {
                last = producer.send(new ProducerRecord<>("t", value));
            }
            assertThatThrownBy(last::get).hasCauseInstanceOf(BufferExhaustedException.class);
            release.countDown();
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void send_whenServiceKeepsFailing_failsAfterDeliveryTimeout() {
        try (FakeProduceService service = new FakeProduceService(1, true)) {
            for (int i = 0; i < 1000; i++) {
                service.script.put(i, "status:503:STORAGE_UNAVAILABLE");
            }
            try (TributaryProducer<String, String> producer = builder(service.http)
                    .deliveryTimeout(Duration.ofMillis(500)).build()) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("t", "v")).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(TributaryTimeoutException.class);
            }
        }
    }

    @Test
    void idempotentSend_givenUpWithUnknownOutcome_stopsTheProducer_insteadOfReusingItsSequence() throws Exception {
        try (FakeProduceService service = new FakeProduceService(1, true)) {
            service.dropAnswers = true;
            try (TributaryProducer<String, String> producer = builder(service.http)
                    .deliveryTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofMillis(200)).build()) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("t", "first")).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(TributaryTimeoutException.class);
                service.dropAnswers = false;

                // "first" is stored although the producer gave up on it. Sent with the same sequence
                // number, "second" would be taken for a retry of "first" and acknowledged at its offset.
                CompletableFuture<RecordMetadata> second = producer.send(new ProducerRecord<>("t", "second"));

                assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(TributaryException.class).hasMessageContaining("create a new one");
                assertThat(service.storedCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void builder_rejectsMissingEndpoint() {
        assertThatThrownBy(() -> TributaryProducer.builder().keySerializer(Serializers.string())
                .valueSerializer(Serializers.string()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
    }

    @Test
    void mockProducer_recordsHistoryAndCompletesOnDemand() {
        MockProducer<String, String> mock = new MockProducer<>(false, Serializers.string(), Serializers.string());
        CompletableFuture<RecordMetadata> f = mock.send(new ProducerRecord<>("t", "k", "v"));
        assertThat(f).isNotDone();
        mock.completeNext();
        assertThat(f.join().offset()).isZero();
        assertThat(mock.history()).hasSize(1);
    }

    @Test
    void send_withoutATimestamp_stampsTheRecordFromTheInjectedClock() throws Exception {
        MockTime time = new MockTime(Duration.ofMillis(1));
        try (FakeProduceService service = new FakeProduceService(1, true);
             TributaryProducer<String, String> producer = builder(service.http).time(time).build()) {
            RecordMetadata m = producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);

            assertThat(service.stored.get(m.partition()).get((int) m.offset()).timestampMs())
                    .isEqualTo(time.milliseconds());
        }
    }
}
