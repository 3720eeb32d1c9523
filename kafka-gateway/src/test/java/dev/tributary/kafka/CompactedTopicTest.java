package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Kafka clients and a compacted topic: a keyless record is INVALID_RECORD and stores nothing. */
class CompactedTopicTest {
    private static final GatewayStack STACK = GatewayStack.shared();

    @Test
    void keylessRecord_onACompactedTopic_isInvalidRecord_andNothingIsStored() throws Exception {
        String topic = GatewayStack.uniqueTopic();
        try (Admin admin = KafkaClientsTest.admin(); KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, null, "no key")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRecordException.class);
        }
        // A fresh producer: after INVALID_RECORD a Kafka 4 idempotent producer bumps its epoch.
        try (KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
            assertThat(producer.send(new ProducerRecord<>(topic, 0, "k", "v")).get().offset()).as("nothing was stored before")
                    .isZero();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClientsTest.consumer()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            for (int i = 0; i < 20 && read.isEmpty(); i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            assertThat(read).extracting(ConsumerRecord::key).containsExactly("k");
        }
    }
}
