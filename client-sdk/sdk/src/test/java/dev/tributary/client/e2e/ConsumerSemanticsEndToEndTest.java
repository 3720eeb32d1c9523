package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.Deserializers;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka semantics that polling loops rely on, against the real service. */
@Timeout(60)
class ConsumerSemanticsEndToEndTest {
    private static URI endpoint;

    @BeforeAll
    static void start() {
        endpoint = LiveService.endpoint();
    }

    private static String topicWith(int partitions, int records) throws Exception {
        String topic = "semantics-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build();
             TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                     .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            admin.createTopic(topic, partitions);
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i));
            }
            producer.flush();
        }
        return topic;
    }

    private static TributaryConsumer.Builder<String, String> consumer() {
        return TributaryConsumer.builder().endpoint(endpoint)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .fetchIdleBackoff(Duration.ofMillis(20));
    }

    @Test
    void readmeGroupLoop_fromTheFirstIteration_throwsNothingAndCommitsEverything() throws Exception {
        String topic = topicWith(2, 20);
        String group = "readme-" + System.nanoTime();
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (TributaryConsumer<String, String> consumer = consumer().groupId(group)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.subscribe(List.of(topic));
            while (seen.size() < 20) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                consumer.commitSync();
            }
        }
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            assertThat(admin.listGroupOffsets(group)).allSatisfy(o -> assertThat(o.lag()).isZero());
        }
    }

    @Test
    void seekPastTheEnd_followsTheResetPolicy() throws Exception {
        String topic = topicWith(1, 5);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (TributaryConsumer<String, String> consumer = consumer().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1000);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            while (got.size() < 5) {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
            }
            assertThat(got.get(0).offset()).isZero();
        }
        try (TributaryConsumer<String, String> consumer = consumer().autoOffsetReset(AutoOffsetReset.NONE).build()) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1000);
            assertThatThrownBy(() -> {
                while (true) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void aConsumerThatStopsPolling_losesItsPartitionsAfterMaxPollInterval() throws Exception {
        String topic = topicWith(4, 0);
        String group = "stalled-" + System.nanoTime();
        try (TributaryConsumer<String, String> live = consumer().groupId(group).build();
             TributaryConsumer<String, String> stalled = consumer().groupId(group)
                     .maxPollInterval(Duration.ofMillis(500)).build()) {
            live.subscribe(List.of(topic));
            stalled.subscribe(List.of(topic));
            while (live.assignment().size() + stalled.assignment().size() < 4
                    || live.assignment().isEmpty() || stalled.assignment().isEmpty()) {
                live.poll(Duration.ofMillis(50));
                stalled.poll(Duration.ofMillis(50));
            }
            // stalled stops polling; its heartbeat thread still runs.
            while (live.assignment().size() < 4) {
                live.poll(Duration.ofMillis(100));
            }
            assertThat(live.assignment()).hasSize(4);
        }
    }
}
