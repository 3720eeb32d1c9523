package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Two gateway instances over one storage: any instance serves any partition and any group member. */
class TwoGatewaysTest {
    private static final GatewayStack A = GatewayStack.shared();

    private static Properties on(GatewayStack stack, String group) {
        Properties p = stack.clientProperties();
        p.put("group.id", group);
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("heartbeat.interval.ms", "200");
        return p;
    }

    @Test
    void producedOnOne_consumedOnTheOther_andOneGroupSpansBoth() throws Exception {
        try (GatewayStack b = GatewayStack.another()) {
            String topic;
            try (Admin admin = KafkaClientsTest.admin(); KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
                topic = KafkaClientsTest.createTopic(admin, 4);
                for (int i = 0; i < 40; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
                }
                producer.flush();
            }
            String group = "two-" + UUID.randomUUID().toString().substring(0, 8);
            Set<String> seen = new HashSet<>();
            try (KafkaConsumer<String, String> onA = new KafkaConsumer<>(on(A, group), new StringDeserializer(), new StringDeserializer());
                 KafkaConsumer<String, String> onB = new KafkaConsumer<>(on(b, group), new StringDeserializer(), new StringDeserializer())) {
                onA.subscribe(List.of(topic));
                onB.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                boolean both = false;
                while ((seen.size() < 40 || !both) && System.nanoTime() < deadline) {
                    for (KafkaConsumer<String, String> c : List.of(onA, onB)) {
                        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                            seen.add(r.value());
                        }
                        c.commitSync();
                    }
                    Set<TopicPartition> overlap = new HashSet<>(onA.assignment());
                    overlap.retainAll(onB.assignment());
                    assertThat(overlap).as("partitions assigned through both gateways").isEmpty();
                    both = !onA.assignment().isEmpty() && !onB.assignment().isEmpty();
                }
                assertThat(seen).hasSize(40);
                assertThat(both).isTrue();
            }
        }
    }
}
