package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.client.Deserializers;
import dev.tributary.client.Header;
import dev.tributary.client.Serializers;
import dev.tributary.client.consumer.Consumer;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.Producer;
import dev.tributary.client.producer.TributaryProducer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * One log, three doors: records written through Kafka clients read identically through the
 * HTTP API and the SDK, and the other way round (offsets, keys, values, headers, timestamps).
 */
class MixedUseTest {
    private static final GatewayStack STACK = GatewayStack.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void producedWithKafkaClients_readThroughHttpAndSdk() throws Exception {
        String topic;
        List<RecordMetadata> written = new ArrayList<>();
        Properties p = STACK.clientProperties();
        p.put("compression.type", "zstd");
        p.put("linger.ms", "20");
        try (Admin admin = KafkaClientsTest.admin();
             KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            topic = KafkaClientsTest.createTopic(admin, 1);
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, 0, 1_600_000_000_000L + i, i % 5 == 0 ? null : "k" + i,
                        "v" + i, List.of(new RecordHeader("trace", ("t" + i).getBytes(StandardCharsets.UTF_8))))));
            }
            producer.flush();
            for (var f : sent) {
                written.add(f.get());
            }
        }

        JsonNode body = JSON.readTree(STACK.get("/v1/topics/" + topic + "/partitions/0/records?offset=0&maxRecords=100"));
        JsonNode records = body.get("records");
        assertThat(records).hasSize(30);
        for (int i = 0; i < 30; i++) {
            JsonNode r = records.get(i);
            assertThat(r.get("offset").asLong()).isEqualTo(written.get(i).offset()).isEqualTo(i);
            assertThat(r.get("timestamp").asLong()).isEqualTo(1_600_000_000_000L + i);
            assertThat(r.get("key").isNull() ? null : r.get("key").asText()).isEqualTo(i % 5 == 0 ? null : "k" + i);
            assertThat(r.get("value").asText()).isEqualTo("v" + i);
            assertThat(r.get("headers").get("trace").asText()).isEqualTo("t" + i);
        }

        try (Consumer<String, String> sdk = TributaryConsumer.builder().endpoint(STACK.http)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string()).build()) {
            dev.tributary.client.TopicPartition tp = new dev.tributary.client.TopicPartition(topic, 0);
            sdk.assign(List.of(tp));
            sdk.seek(tp, 0);
            List<dev.tributary.client.consumer.ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.size() < 30 && System.nanoTime() < deadline) {
                sdk.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).hasSize(30);
            for (int i = 0; i < 30; i++) {
                var r = got.get(i);
                assertThat(r.offset()).isEqualTo(i);
                assertThat(r.timestamp()).isEqualTo(1_600_000_000_000L + i);
                assertThat(r.key()).isEqualTo(i % 5 == 0 ? null : "k" + i);
                assertThat(r.value()).isEqualTo("v" + i);
                assertThat(r.headers()).containsExactly(new Header("trace", ("t" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void producedThroughHttpAndSdk_readWithKafkaConsumer() throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin()) {
            topic = KafkaClientsTest.createTopic(admin, 3);
        }
        JsonNode http = JSON.readTree(STACK.postJson("/v1/topics/" + topic + "/records",
                "{\"records\":[{\"key\":\"alpha\",\"value\":\"1\",\"headers\":{\"h\":\"x\"},\"timestamp\":1500000000000},"
                        + "{\"key\":\"beta\",\"value\":\"2\",\"timestamp\":1500000000001}]}"));
        try (Producer<String, String> sdk = TributaryProducer.builder().endpoint(STACK.http)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).idempotence(true).build()) {
            sdk.send(new dev.tributary.client.producer.ProducerRecord<>(topic, null, 1_500_000_000_002L, "alpha", "3",
                    List.of(new Header("h", "y".getBytes(StandardCharsets.UTF_8))))).get();
        }

        int alpha = http.get("offsets").get(0).get("partition").asInt();
        int beta = http.get("offsets").get(1).get("partition").asInt();
        try (KafkaConsumer<String, String> consumer = KafkaClientsTest.consumer()) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            List<ConsumerRecord<String, String>> got = KafkaClientsTest.readAll(consumer, 3);
            assertThat(got).hasSize(3);
            for (ConsumerRecord<String, String> r : got) {
                switch (r.value()) {
                    case "1" -> {
                        assertThat(r.partition()).isEqualTo(alpha);
                        assertThat(r.offset()).isEqualTo(http.get("offsets").get(0).get("offset").asLong());
                        assertThat(r.key()).isEqualTo("alpha");
                        assertThat(r.timestamp()).isEqualTo(1_500_000_000_000L);
                        assertThat(new String(r.headers().lastHeader("h").value(), StandardCharsets.UTF_8)).isEqualTo("x");
                    }
                    case "2" -> {
                        assertThat(r.partition()).isEqualTo(beta);
                        assertThat(r.key()).isEqualTo("beta");
                        assertThat(r.headers().toArray()).isEmpty();
                    }
                    default -> {
                        assertThat(r.value()).isEqualTo("3");
                        assertThat(r.partition()).isEqualTo(alpha);
                        assertThat(r.offset()).isEqualTo(http.get("offsets").get(0).get("offset").asLong() + 1);
                        assertThat(r.timestamp()).isEqualTo(1_500_000_000_002L);
                        assertThat(new String(r.headers().lastHeader("h").value(), StandardCharsets.UTF_8)).isEqualTo("y");
                    }
                }
            }
        }
    }
}
