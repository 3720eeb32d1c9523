package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Real kafka-clients (4.x) producer, consumer and admin against the gateway on the embedded stack. */
class KafkaClientsTest {
    private static final GatewayStack STACK = GatewayStack.shared();

    static Admin admin() {
        return Admin.create(STACK.clientProperties());
    }

    static KafkaProducer<String, String> producer() {
        Properties p = STACK.clientProperties();
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer() {
        Properties p = STACK.clientProperties();
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    static String createTopic(Admin admin, int partitions) throws Exception {
        String topic = GatewayStack.uniqueTopic();
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get();
        return topic;
    }

    static List<ConsumerRecord<String, String>> readAll(KafkaConsumer<String, String> consumer, int expected) {
        return GatewayStack.readAll(consumer, expected);
    }

    @Test
    void idempotentProducerWithKeys_placesRecordsLikeKafka_andConsumerReadsThemBack() throws Exception {
        try (Admin admin = admin(); KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer()) {
            String topic = createTopic(admin, 4);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, null, 1_700_000_000_000L + i, "key-" + (i % 23),
                        "value-" + i, List.of(new RecordHeader("h", ("x" + i).getBytes(StandardCharsets.UTF_8))));
                sent.add(producer.send(r));
            }
            producer.flush();
            long[] next = new long[4];
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata md = sent.get(i).get();
                byte[] key = ("key-" + (i % 23)).getBytes(StandardCharsets.UTF_8);
                assertThat(md.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(key)) % 4);
                assertThat(md.offset()).isEqualTo(next[md.partition()]++);
            }

            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2), new TopicPartition(topic, 3));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            List<ConsumerRecord<String, String>> got = readAll(consumer, 200);
            assertThat(got).hasSize(200);
            for (ConsumerRecord<String, String> r : got) {
                int i = Integer.parseInt(r.value().substring("value-".length()));
                assertThat(r.key()).isEqualTo("key-" + (i % 23));
                assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L + i);
                assertThat(new String(r.headers().lastHeader("h").value(), StandardCharsets.UTF_8)).isEqualTo("x" + i);
                assertThat(sent.get(i).get().offset()).isEqualTo(r.offset());
            }

            TopicPartition p0 = parts.get(0);
            consumer.seek(p0, 3);
            List<ConsumerRecord<String, String>> fromThree = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fromThree.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).records(p0).forEach(fromThree::add);
            }
            assertThat(fromThree.get(0).offset()).isEqualTo(3);

            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
            for (TopicPartition tp : parts) {
                assertThat(end.get(tp)).isEqualTo(next[tp.partition()]);
                assertThat(begin.get(tp)).isZero();
            }
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(Map.of(p0, 1_700_000_000_100L));
            OffsetAndTimestamp found = byTime.get(p0);
            assertThat(found.timestamp()).isGreaterThanOrEqualTo(1_700_000_000_100L);
            assertThat(consumer.offsetsForTimes(Map.of(p0, 1_900_000_000_000L)).get(p0)).isNull();
        }
    }

    @Test
    void consumerLongPoll_seesRecordsProducedWhileItWaits() throws Exception {
        try (Admin admin = admin(); KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer()) {
            String topic = createTopic(admin, 1);
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            assertThat(consumer.position(tp)).isZero();
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            List<ConsumerRecord<String, String>> got = readAll(consumer, 1);
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("v");
        }
    }

    @Test
    void adminClient_createsDescribesAltersAndDeletesTopics() throws Exception {
        try (Admin admin = admin()) {
            String topic = GatewayStack.uniqueTopic();
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                    .configs(Map.of("retention.ms", "3600000")))).all().get();
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get())
                    .hasCauseInstanceOf(TopicExistsException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(GatewayStack.uniqueTopic(), 1, (short) 1)
                    .configs(Map.of("no.such.config", "1")))).all().get())
                    .hasCauseInstanceOf(InvalidConfigurationException.class);

            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(d.partitions()).hasSize(2);
            assertThat(admin.listTopics().names().get()).contains(topic);
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo("tributary");

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(config.get("max.message.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

            Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("max.message.bytes", "2048"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)));
            admin.incrementalAlterConfigs(ops).all().get();
            config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("max.message.bytes").value()).isEqualTo("2048");
            assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "not-a-number"), AlterConfigOp.OpType.SET)))).all().get())
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                    .isEqualTo("604800000");

            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get();
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(5);
            assertThatThrownBy(() -> admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get())
                    .hasCauseInstanceOf(InvalidPartitionsException.class);

            admin.deleteTopics(List.of(topic)).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
            assertThatThrownBy(() -> admin.deleteTopics(List.of(topic)).all().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(Set.of()).isEmpty();
        }
    }
}
