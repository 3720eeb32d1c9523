package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.Test;

/**
 * A Kafka idempotent producer whose batch fails with a non-retriable record error raises its
 * epoch by itself and restarts its sequences at 0 on every partition: the gateway accepts that,
 * and the same producer keeps writing, in order and without duplicates.
 */
class ProducerEpochBumpTest {
    private static final GatewayStack STACK = GatewayStack.shared();

    @Test
    void afterInvalidRecord_theSameProducerKeepsWriting_inOrder_onEveryPartition() throws Exception {
        String topic = GatewayStack.uniqueTopic();
        List<String> expected = new ArrayList<>();
        try (Admin admin = KafkaClientsTest.admin(); KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
            send(producer, topic, 0, 10, expected);
            // Keyless on a compacted topic: INVALID_RECORD, after which the producer bumps its epoch locally.
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, null, "no key")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRecordException.class);
            send(producer, topic, 10, 30, expected);
            // Once more: a second local bump works as well.
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 1, null, "no key")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRecordException.class);
            send(producer, topic, 30, 40, expected);
        }
        try (KafkaConsumer<String, String> consumer = KafkaClientsTest.consumer()) {
            List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            List<ConsumerRecord<String, String>> read = GatewayStack.readAll(consumer, expected.size());
            for (int p = 0; p < 2; p++) {
                int partition = p;
                assertThat(read.stream().filter(r -> r.partition() == partition).map(ConsumerRecord::value).toList())
                        .as("partition %d, in order, once each", p)
                        .isEqualTo(expected.stream().filter(v -> partitionOf(v) == partition).toList());
                assertThat(read.stream().filter(r -> r.partition() == partition).map(ConsumerRecord::offset).toList())
                        .as("no gaps").isEqualTo(java.util.stream.LongStream.range(0, expected.stream()
                                .filter(v -> partitionOf(v) == partition).count()).boxed().toList());
            }
        }
    }

    private static int partitionOf(String value) {
        return Integer.parseInt(value.substring(1)) % 2;
    }

    /** Sends v{from}..v{to - 1} (v{i} to partition i % 2), pipelined, and requires each succeeded. */
    private static void send(KafkaProducer<String, String> producer, String topic, int from, int to, List<String> sent)
            throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i)));
            sent.add("v" + i);
        }
        for (Future<RecordMetadata> f : futures) {
            f.get();
        }
    }

    @Test
    void protocol_staleEpochIsFencedOnEveryGateway_andAHigherEpochMustStartAtSequenceZero() throws Exception {
        String topic = GatewayStack.uniqueTopic();
        try (Admin admin = KafkaClientsTest.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (GatewayStack other = GatewayStack.another();
             RawKafkaConnection a = BadInputTest.connect();
             RawKafkaConnection b = new RawKafkaConnection(other.gateway.port())) {
            long pid = initProducerId(a, -1, (short) -1).producerId();
            assertThat(produce(a, topic, pid, (short) 0, 0, "a")).isEqualTo(Errors.NONE);
            assertThat(produce(b, topic, pid, (short) 0, 1, "b")).isEqualTo(Errors.NONE);

            assertThat(produce(a, topic, pid, (short) 1, 5, "x")).as("a new epoch starts at sequence 0")
                    .isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            assertThat(BadInputTest.highWatermark(topic)).isEqualTo(2);
            assertThat(produce(b, topic, pid, (short) 0, 2, "c")).as("epoch 0 is still current").isEqualTo(Errors.NONE);

            assertThat(produce(a, topic, pid, (short) 1, 0, "d")).isEqualTo(Errors.NONE);
            assertThat(produce(b, topic, pid, (short) 0, 3, "zombie")).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
            assertThat(produce(a, topic, pid, (short) 0, 3, "zombie")).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
            assertThat(produce(b, topic, pid, (short) 1, 1, "e")).isEqualTo(Errors.NONE);
            assertThat(BadInputTest.highWatermark(topic)).isEqualTo(5);

            // The last epoch: a producer gets there by itself, and past it asks for a new id, as Kafka clients do.
            assertThat(produce(a, topic, pid, Short.MAX_VALUE, 0, "f")).isEqualTo(Errors.NONE);
            assertThat(produce(b, topic, pid, (short) 1, 2, "zombie")).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
            InitProducerIdResponseData next = initProducerId(b, -1, (short) -1);
            assertThat(next.errorCode()).isZero();
            assertThat(next.producerId()).isNotEqualTo(pid);
            assertThat(produce(b, topic, next.producerId(), next.producerEpoch(), 0, "g")).isEqualTo(Errors.NONE);
            assertThat(BadInputTest.highWatermark(topic)).isEqualTo(7);
        }
    }

    private static InitProducerIdResponseData initProducerId(RawKafkaConnection c, long pid, short epoch) throws Exception {
        InitProducerIdResponse r = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(pid)
                .setProducerEpoch(epoch)).build((short) 4));
        return r.data();
    }

    private static Errors produce(RawKafkaConnection c, String topic, long pid, short epoch, int sequence, String value)
            throws Exception {
        MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, sequence,
                new SimpleRecord(1L, null, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return Errors.forCode(BadInputTest.only(c.call(BadInputTest.produce(topic, 0, batch))).errorCode());
    }
}
