package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeAclsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the Kafka protocol: each gets a Kafka error code (or, for an unparseable
 * frame, a closed connection), stores nothing, and leaves the server serving others.
 */
class BadInputTest {
    private static final GatewayStack STACK = GatewayStack.shared();
    private static String topic;

    @BeforeAll
    static void topic() throws Exception {
        topic = GatewayStack.uniqueTopic();
        try (Admin admin = KafkaClientsTest.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "1000"))))
                    .all().get();
        }
    }

    static RawKafkaConnection connect() throws Exception {
        return new RawKafkaConnection(STACK.gateway.port());
    }

    static MemoryRecords records(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static ProduceRequest produce(String topicName, int partition, MemoryRecords records) {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(topicName).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(records))));
        return ProduceRequest.builder(data).build((short) 12);
    }

    static ProduceResponseData.PartitionProduceResponse only(ProduceResponse response) {
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    static long highWatermark() throws Exception {
        return highWatermark(topic);
    }

    static long highWatermark(String topicName) throws Exception {
        try (RawKafkaConnection c = connect()) {
            return fetch(c, topicName, 0, 0).highWatermark();
        }
    }

    static FetchResponseData.PartitionData fetch(RawKafkaConnection c, String topicName, int partition, long offset)
            throws Exception {
        FetchRequestData data = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                .setReplicaId(-1).setSessionEpoch(-1);
        data.topics().add(new FetchRequestData.FetchTopic().setTopic(topicName).setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(offset)
                        .setPartitionMaxBytes(1 << 20))));
        FetchResponse response = c.call(new FetchRequest(data, (short) 12));
        return response.data().responses().get(0).partitions().get(0);
    }

    static void assertServerStillServes() throws Exception {
        try (RawKafkaConnection c = connect()) {
            assertThat(c.apiVersions().data().errorCode()).isZero();
        }
    }

    @Test
    void unknownApiKey_closesOnlyThatConnection() throws Exception {
        try (RawKafkaConnection other = connect(); RawKafkaConnection bad = connect()) {
            bad.sendFrame(ByteBuffer.allocate(12).putShort((short) 9999).putShort((short) 0).putInt(1)
                    .putShort((short) -1).putShort((short) 0).array());
            assertThat(bad.closedByServer()).isTrue();
            assertThat(other.apiVersions().data().errorCode()).isZero();
        }
    }

    @Test
    void garbageAndTruncatedFrames_closeTheConnection() throws Exception {
        try (RawKafkaConnection c = connect()) {
            c.sendFrame(new byte[] {1, 2, 3});
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawKafkaConnection c = connect()) {
            byte[] valid = c.serialize(produce(topic, 0, records("x")));
            c.sendFrame(java.util.Arrays.copyOf(valid, valid.length - 7));
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(highWatermark()).isZero();
        assertServerStillServes();
    }

    @Test
    void oversizedOrNegativeFrameLength_closesTheConnection() throws Exception {
        try (RawKafkaConnection c = connect()) {
            c.sendBytes(ByteBuffer.allocate(4).putInt(512 * 1024 * 1024).array());
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawKafkaConnection c = connect()) {
            c.sendBytes(ByteBuffer.allocate(4).putInt(-5).array());
            assertThat(c.closedByServer()).isTrue();
        }
        assertServerStillServes();
    }

    @Test
    void unsupportedApi_isAnsweredWithUnsupportedVersion_andLeftOutOfApiVersions() throws Exception {
        try (RawKafkaConnection c = connect()) {
            ApiVersionsResponse versions = c.apiVersions();
            assertThat(versions.data().apiKeys().find(ApiKeys.DESCRIBE_ACLS.id)).isNull();
            assertThat(versions.data().apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
            AbstractResponse response = c.call(new DescribeAclsRequest.Builder(AclBindingFilter.ANY).build((short) 3));
            assertThat(response.errorCounts()).containsKey(Errors.UNSUPPORTED_VERSION);
            assertThat(c.apiVersions().data().errorCode()).isZero();
        }
    }

    @Test
    void corruptBatch_isCorruptMessage_andStoresNothing() throws Exception {
        MemoryRecords records = records("a", "b");
        ByteBuffer bytes = records.buffer();
        bytes.put(bytes.limit() - 2, (byte) (bytes.get(bytes.limit() - 2) ^ 0x7f));
        try (RawKafkaConnection c = connect()) {
            ProduceResponse response = c.call(produce(topic, 0, MemoryRecords.readableRecords(bytes)));
            assertThat(only(response).errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
        }
        assertThat(highWatermark()).isZero();
    }

    @Test
    void unknownTopicOrPartition_isUnknownTopicOrPartition() throws Exception {
        try (RawKafkaConnection c = connect()) {
            assertThat(only(c.call(produce("no-such-topic-" + System.nanoTime(), 0, records("a")))).errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(only(c.call(produce(topic, 7, records("a")))).errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(fetch(c, topic, 3, 0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(only(c.call(produce("bad name!", 0, records("a")))).errorCode())
                    .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
        assertThat(highWatermark()).isZero();
    }

    @Test
    void fetchOutOfRange_isOffsetOutOfRange_withTheHighWatermark() throws Exception {
        try (RawKafkaConnection c = connect()) {
            FetchResponseData.PartitionData p = fetch(c, topic, 0, 42);
            assertThat(p.errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
            assertThat(p.highWatermark()).isEqualTo(highWatermark());
        }
    }

    @Test
    void oversizedRecord_isMessageTooLarge_andTransactionalBatch_isInvalidRecord() throws Exception {
        try (RawKafkaConnection c = connect()) {
            assertThat(only(c.call(produce(topic, 0, records("x".repeat(2000))))).errorCode())
                    .isEqualTo(Errors.MESSAGE_TOO_LARGE.code());
            MemoryRecords transactional = MemoryRecords.withTransactionalRecords(Compression.NONE, 5L, (short) 0, 0,
                    new SimpleRecord(1L, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)));
            assertThat(only(c.call(produce(topic, 0, transactional))).errorCode())
                    .isIn(Errors.INVALID_RECORD.code(), Errors.INVALID_REQUEST.code());
        }
        assertThat(highWatermark()).isZero();
    }
}
