package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.Deserializers;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.ReadMode;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.client.producer.TributaryProducer;
import dev.tributary.core.Partitioning;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Producer, consumer and admin against a running service with its real storage stack.
 * The service is given by {@code -Dtributary.e2e.endpoint=http://localhost:8080}; without
 * it these tests are skipped (reported as skipped, with the reason).
 */
class EndToEndTest {
    private static URI endpoint;

    @BeforeAll
    static void endpoint() {
        String url = System.getProperty("tributary.e2e.endpoint");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "set -Dtributary.e2e.endpoint=<service URL> to run the end-to-end tests");
        endpoint = URI.create(url);
    }

    private static String newTopic(Admin admin, int partitions) {
        String name = "e2e-" + System.nanoTime();
        admin.createTopic(name, partitions);
        return name;
    }

    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void produceThenConsume_returnsEveryRecordWithKafkaPartitioning(ReadMode mode) throws Exception {
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            String topic = newTopic(admin, 4);
            Map<String, RecordMetadata> sent = new HashMap<>();
            try (TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                    .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    futures.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 20), "value-" + i)));
                }
                producer.flush();
                for (int i = 0; i < 500; i++) {
                    RecordMetadata m = futures.get(i).get();
                    assertThat(m.partition()).isEqualTo(Partitioning.forKey(
                            ("key-" + (i % 20)).getBytes(StandardCharsets.UTF_8), 4));
                    sent.put("value-" + i, m);
                }
            }
            try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(endpoint)
                    .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).readMode(mode).build()) {
                List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                        new TopicPartition(topic, 2), new TopicPartition(topic, 3));
                consumer.assign(tps);
                List<ConsumerRecord<String, String>> read = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (read.size() < 500 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(read::add);
                }
                assertThat(read).hasSize(500);
                for (ConsumerRecord<String, String> r : read) {
                    RecordMetadata m = sent.get(r.value());
                    assertThat(r.partition()).isEqualTo(m.partition());
                    assertThat(r.offset()).isEqualTo(m.offset());
                }
            }
            admin.deleteTopic(topic);
            assertThatThrownBy(() -> admin.describeTopic(topic)).isInstanceOf(TopicNotFoundException.class);
        }
    }

    @Test
    void consume_afterTopicDeletion_failsWithTopicNotFound() {
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            String topic = newTopic(admin, 1);
            try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(endpoint)
                    .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
                TopicPartition tp = new TopicPartition(topic, 0);
                consumer.assign(List.of(tp));
                consumer.seek(tp, 0);
                admin.deleteTopic(topic);
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 20; i++) {
                        consumer.poll(Duration.ofMillis(200));
                    }
                }).isInstanceOf(TopicNotFoundException.class);
            }
        }
    }
}
