package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.Deserializers;
import dev.tributary.client.InvalidRequestException;
import dev.tributary.client.OffsetOutOfRangeException;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.TributaryProducer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Admin.deleteRecords} against the real service: the earliest offset moves, a consumer
 * positioned below it follows its reset policy, and bad requests raise typed exceptions.
 */
class DeleteRecordsEndToEndTest {
    private static URI endpoint;

    @BeforeAll
    static void endpoint() {
        endpoint = LiveService.endpoint();
    }

    private static TributaryConsumer<String, String> consumer(AutoOffsetReset reset) {
        return TributaryConsumer.builder().endpoint(endpoint).keyDeserializer(Deserializers.string())
                .valueDeserializer(Deserializers.string()).autoOffsetReset(reset).build();
    }

    @Test
    void deleteRecords_movesEarliestOffset_andConsumersBelowItReset() throws Exception {
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            String topic = "e2e-delete-" + System.nanoTime();
            admin.createTopic(topic, 1);
            TopicPartition tp = new TopicPartition(topic, 0);
            try (TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                    .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, "v" + i));
                }
                producer.flush();
            }
            long sizeBefore = admin.describeTopic(topic).partitions().get(0).sizeBytes();
            assertThat(sizeBefore).as("stored bytes of the ten records").isPositive();
            assertThat(admin.deleteRecords(Map.of(tp, 6L))).containsEntry(tp, 6L);
            assertThat(admin.describeTopic(topic).partitions().get(0).earliestOffset()).isEqualTo(6);
            assertThat(admin.describeTopic(topic).partitions().get(0).sizeBytes()).isBetween(1L, sizeBefore);

            try (TributaryConsumer<String, String> earliest = consumer(AutoOffsetReset.EARLIEST)) {
                earliest.assign(List.of(tp));
                earliest.seek(tp, 2);
                List<ConsumerRecord<String, String>> read = new ArrayList<>();
                for (int i = 0; i < 50 && read.size() < 4; i++) {
                    earliest.poll(Duration.ofMillis(200)).forEach(read::add);
                }
                assertThat(read).extracting(ConsumerRecord::offset).containsExactly(6L, 7L, 8L, 9L);
            }
            try (TributaryConsumer<String, String> strict = consumer(AutoOffsetReset.NONE)) {
                strict.assign(List.of(tp));
                strict.seek(tp, 2);
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 20; i++) {
                        strict.poll(Duration.ofMillis(200));
                    }
                }).isInstanceOf(OffsetOutOfRangeException.class);
            }
            assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, 11L))).isInstanceOf(OffsetOutOfRangeException.class);
            assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, -3L))).isInstanceOf(InvalidRequestException.class);
            assertThat(admin.describeTopic(topic).partitions().get(0).earliestOffset()).isEqualTo(6);
        }
    }
}
