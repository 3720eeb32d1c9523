package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.Compression;
import dev.tributary.client.Deserializers;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.Consumer;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.Producer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.client.producer.TributaryProducer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java example, kept compiling and working against the real service. */
class ReadmeExampleTest {
    @Test
    void readmeExample_producesAndConsumes() throws Exception {
        URI endpoint = LiveService.endpoint();
        String topic = "payments-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            admin.createTopic(topic, 4);
        }
        RecordMetadata sent;
        try (Producer<String, String> producer = TributaryProducer.builder()
                .endpoint(endpoint)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string())
                .linger(Duration.ofMillis(5)).compression(Compression.ZSTD).idempotence(true).build()) {
            sent = producer.send(new ProducerRecord<>(topic, "alice", "{\"amount\": 42}")).get();
        }
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (Consumer<String, String> consumer = TributaryConsumer.builder()
                .endpoint(endpoint)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2), new TopicPartition(topic, 3)));
            for (int i = 0; i < 10 && got.isEmpty(); i++) {
                consumer.poll(Duration.ofSeconds(2)).forEach(got::add);
            }
        }
        assertThat(got).hasSize(1);
        assertThat(got.get(0).partition()).isEqualTo(sent.partition());
        assertThat(got.get(0).offset()).isEqualTo(sent.offset());
        assertThat(got.get(0).value()).isEqualTo("{\"amount\": 42}");
    }
}
