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
import org.apache.kafka.common.message.InitProducerIdRequestData;
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
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
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

    @Test
    void apiVersionsAtAnUnknownVersion_isUnsupportedVersion_withTheSupportedList() throws Exception {
        try (RawKafkaConnection c = connect()) {
            byte[] frame = ByteBuffer.allocate(11).putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(77)
                    .putShort((short) -1).put((byte) 0).array(); // null client id, no tagged fields
            c.sendFrame(frame);
            ByteBuffer response = ByteBuffer.wrap(c.readFrame());
            assertThat(response.getInt()).isEqualTo(77);
            ApiVersionsResponse versions = ApiVersionsResponse.parse(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
            assertThat(versions.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(versions.data().apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        }
    }

    @Test
    void retriedIdempotentBatch_getsItsOriginalOffset_andIsStoredOnce() throws Exception {
        try (RawKafkaConnection c = connect()) {
            InitProducerIdResponse id = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(-1)
                    .setProducerEpoch((short) -1)).build((short) 4));
            String fresh = GatewayStack.uniqueTopic();
            try (Admin admin = KafkaClientsTest.admin()) {
                admin.createTopics(List.of(new NewTopic(fresh, 1, (short) 1))).all().get();
            }
            MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, id.data().producerId(),
                    id.data().producerEpoch(), 0, new SimpleRecord(1L, "k".getBytes(StandardCharsets.UTF_8),
                            "v".getBytes(StandardCharsets.UTF_8)), new SimpleRecord(2L, null, "w".getBytes(StandardCharsets.UTF_8)));
            ProduceResponseData.PartitionProduceResponse first = only(c.call(produce(fresh, 0, batch)));
            ProduceResponseData.PartitionProduceResponse retry = only(c.call(produce(fresh, 0,
                    MemoryRecords.readableRecords(batch.buffer().duplicate()))));
            assertThat(first.errorCode()).isZero();
            assertThat(retry.errorCode()).isZero();
            assertThat(retry.baseOffset()).isEqualTo(first.baseOffset());
            assertThat(highWatermark(fresh)).isEqualTo(2);
            MemoryRecords gap = MemoryRecords.withIdempotentRecords(Compression.NONE, id.data().producerId(),
                    id.data().producerEpoch(), 5, new SimpleRecord(3L, null, "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(only(c.call(produce(fresh, 0, gap))).errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            assertThat(highWatermark(fresh)).isEqualTo(2);
        }
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder_andKeepTheirSequenceOrder() throws Exception {
        String fresh = GatewayStack.uniqueTopic();
        try (Admin admin = KafkaClientsTest.admin()) {
            admin.createTopics(List.of(new NewTopic(fresh, 1, (short) 1))).all().get();
        }
        try (RawKafkaConnection c = connect()) {
            InitProducerIdResponse id = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(-1)
                    .setProducerEpoch((short) -1)).build((short) 4));
            List<org.apache.kafka.common.requests.RequestHeader> headers = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ProduceRequest request = produce(fresh, 0, MemoryRecords.withIdempotentRecords(Compression.NONE,
                        id.data().producerId(), id.data().producerEpoch(), i,
                        new SimpleRecord(i, null, ("v" + i).getBytes(StandardCharsets.UTF_8))));
                org.apache.kafka.common.requests.RequestHeader header = c.header(request);
                ByteBuffer bytes = request.serializeWithHeader(header);
                byte[] frame = new byte[bytes.remaining()];
                bytes.get(frame);
                c.sendFrame(frame);
                headers.add(header);
            }
            for (int i = 0; i < 5; i++) {
                ProduceResponse r = (ProduceResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(c.readFrame()), headers.get(i));
                assertThat(only(r).errorCode()).isZero();
                assertThat(only(r).baseOffset()).isEqualTo(i);
            }
        }
    }
}
