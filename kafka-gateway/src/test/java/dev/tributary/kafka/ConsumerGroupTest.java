package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka consumers in groups, with the classic protocol and the consumer protocol (KIP-848), against the gateway. */
class ConsumerGroupTest {
    private static final GatewayStack STACK = GatewayStack.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    static KafkaConsumer<String, String> member(String group, String protocol) {
        Properties p = STACK.clientProperties();
        p.put("group.id", group);
        p.put("group.protocol", protocol);
        if (protocol.equals("classic")) {
            p.put("heartbeat.interval.ms", "200");
        }
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"consumer", "classic"})
    void twoMembers_shareThePartitions_neverOwnOneTwice_andCommitsSurviveAMemberLeaving(String protocol) throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin(); KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
            topic = KafkaClientsTest.createTopic(admin, 4);
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "v" + i));
            }
            producer.flush();
        }
        String group = "g-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> seen = new HashSet<>();
        KafkaConsumer<String, String> a = member(group, protocol);
        KafkaConsumer<String, String> b = member(group, protocol);
        try {
            a.subscribe(List.of(topic));
            b.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean bothHaveWork = false;
            while ((seen.size() < 100 || !bothHaveWork) && System.nanoTime() < deadline) {
                for (KafkaConsumer<String, String> c : List.of(a, b)) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        seen.add(r.value());
                    }
                    c.commitSync();
                }
                Set<TopicPartition> both = new HashSet<>(a.assignment());
                both.retainAll(b.assignment());
                assertThat(both).as("partitions assigned to both members").isEmpty();
                bothHaveWork = !a.assignment().isEmpty() && !b.assignment().isEmpty();
            }
            assertThat(seen).hasSize(100);
            assertThat(bothHaveWork).isTrue();
            assertThat(a.assignment().size() + b.assignment().size()).isEqualTo(4);

            b.close();
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (a.assignment().size() < 4 && System.nanoTime() < deadline) {
                a.poll(Duration.ofMillis(100));
            }
            assertThat(a.assignment()).hasSize(4);
        } finally {
            a.close();
            b.close();
        }

        JsonNode offsets = JSON.readTree(STACK.get("/v1/groups/" + group + "/offsets"));
        Map<Integer, Long> byPartition = new HashMap<>();
        offsets.get("offsets").forEach(o -> byPartition.put(o.get("partition").asInt(), o.get("offset").asLong()));
        try (KafkaConsumer<String, String> c = KafkaClientsTest.consumer()) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2), new TopicPartition(topic, 3));
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            for (TopicPartition tp : parts) {
                assertThat(byPartition.get(tp.partition())).isEqualTo(end.get(tp));
            }
        }
        try (KafkaConsumer<String, String> again = member(group, protocol)) {
            again.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int records = 0;
            while (again.assignment().size() < 4 && System.nanoTime() < deadline) {
                records += again.poll(Duration.ofMillis(100)).count();
            }
            records += again.poll(Duration.ofMillis(300)).count();
            assertThat(again.assignment()).hasSize(4);
            assertThat(records).as("records after the committed offsets").isZero();
        }
        try (Admin admin = KafkaClientsTest.admin()) {
            assertThat(admin.listConsumerGroups().all().get()).extracting(ConsumerGroupListing::groupId).contains(group);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed).hasSize(4);
            assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState().toString())
                    .isEqualToIgnoringCase("empty");
        }
    }

    @Test
    void offsetsCommittedOverHttp_areTheKafkaConsumersStartingPoint_andViceVersa() throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin(); KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
            topic = KafkaClientsTest.createTopic(admin, 1);
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.flush();
        }
        String group = "g-" + UUID.randomUUID().toString().substring(0, 8);
        STACK.postJson("/v1/groups/" + group + "/offsets",
                "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":7}]}");
        TopicPartition tp = new TopicPartition(topic, 0);
        Properties p = STACK.clientProperties();
        p.put("group.id", group);
        p.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.assign(List.of(tp));
            List<ConsumerRecord<String, String>> got = KafkaClientsTest.readAll(c, 3);
            assertThat(got).extracting(ConsumerRecord::offset).containsExactly(7L, 8L, 9L);
            c.commitSync(Map.of(tp, new OffsetAndMetadata(9, "from-kafka")));
        }
        JsonNode offsets = JSON.readTree(STACK.get("/v1/groups/" + group + "/offsets"));
        assertThat(offsets.get("offsets").get(0).get("offset").asLong()).isEqualTo(9);
        assertThat(offsets.get("offsets").get(0).get("metadata").asText()).isEqualTo("from-kafka");
    }

    @Test
    void crashedMember_losesItsPartitionsAfterItsSession_andOnlyThenAnotherMemberGetsThem() throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin()) {
            topic = KafkaClientsTest.createTopic(admin, 2);
        }
        String group = "g-" + UUID.randomUUID().toString().substring(0, 8);
        try (RawKafkaConnection crashed = BadInputTest.connect()) {
            ByteBuffer subscription = ConsumerProtocol.serializeSubscription(
                    new ConsumerPartitionAssignor.Subscription(List.of(topic)));
            byte[] metadata = new byte[subscription.remaining()];
            subscription.get(metadata);
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(group).setSessionTimeoutMs(6000)
                    .setRebalanceTimeoutMs(6000).setMemberId("").setProtocolType("consumer");
            join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(metadata));
            JoinGroupResponse joined = crashed.call(new JoinGroupRequest.Builder(join).build((short) 9));
            assertThat(joined.data().errorCode()).isZero();
            SyncGroupResponse synced = crashed.call(new SyncGroupRequest.Builder(new SyncGroupRequestData().setGroupId(group)
                    .setGenerationId(joined.data().generationId()).setMemberId(joined.data().memberId())
                    .setProtocolType("consumer").setProtocolName("range")).build((short) 5));
            assertThat(ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(synced.data().assignment())).partitions())
                    .hasSize(2);
        }
        try (KafkaConsumer<String, String> survivor = member(group, "classic")) {
            survivor.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (survivor.assignment().size() < 2 && System.nanoTime() < deadline) {
                survivor.poll(Duration.ofMillis(100));
                if (!survivor.assignment().isEmpty()) {
                    JsonNode described = JSON.readTree(STACK.get("/v1/groups/" + group));
                    assertThat(described.get("members")).as("the crashed member is gone before its partitions move")
                            .hasSize(1);
                }
            }
            assertThat(survivor.assignment()).hasSize(2);
        }
    }
}
