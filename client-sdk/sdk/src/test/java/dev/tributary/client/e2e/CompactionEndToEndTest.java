package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.Deserializers;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.ReadMode;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.TributaryProducer;
import dev.tributary.functions.maintenance.MaintenanceRunner;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SDK consumer over a compacted partition, reading through the service and directly from
 * S3: it gets the latest record of each key at its original offset, and a consumer positioned
 * at a removed offset continues at the next surviving one.
 */
class CompactionEndToEndTest {
    private static URI endpoint;

    @BeforeAll
    static void endpoint() {
        endpoint = LiveService.endpoint();
    }

    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void consumer_overACompactedPartition_readsTheSurvivorsAtTheirOffsets(ReadMode mode) throws Exception {
        Assumptions.assumeTrue(LiveService.context().isPresent(), "needs the in-process service to run maintenance");
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            String topic = "e2e-compact-" + System.nanoTime();
            admin.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
            TopicPartition tp = new TopicPartition(topic, 0);
            Map<String, Long> latest = new LinkedHashMap<>();
            try (TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                    .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
                for (int i = 0; i < 20; i++) {
                    String key = "k" + (i % 3);
                    producer.send(new ProducerRecord<>(topic, 0, key, "v" + i)).get();
                    if (i < 19) {
                        latest.put(key, (long) i);
                    }
                }
            }
            LiveService.context().get().getBean(MaintenanceRunner.class).run();
            List<Long> expected = new ArrayList<>(latest.values());
            expected.sort(null);
            expected.add(19L);

            assertThat(poll(tp, mode, 0, expected.size())).extracting(ConsumerRecord::offset).isEqualTo(expected);
            List<ConsumerRecord<String, String>> fromRemoved = poll(tp, mode, 1, expected.size());
            assertThat(fromRemoved.get(0).offset()).as("offset 1 was removed: the consumer continues at the next survivor")
                    .isEqualTo(expected.get(0) >= 1 ? expected.get(0) : expected.get(1));
            assertThat(fromRemoved.get(0).value()).isEqualTo("v" + fromRemoved.get(0).offset());
        }
    }

    private static List<ConsumerRecord<String, String>> poll(TopicPartition tp, ReadMode mode, long from, int atMost) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(endpoint)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).readMode(mode).build()) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            for (int i = 0; i < 50 && read.size() < atMost; i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                if (!read.isEmpty() && read.get(read.size() - 1).offset() == 19) {
                    break;
                }
            }
        }
        return read;
    }
}
