package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.junit.jupiter.api.Test;

/** The APIs that common clients reach only in corners, sent as raw requests. */
class KafkaGatewayApisTest {
    private static final GatewayStack STACK = GatewayStack.shared();

    @Test
    void offsetsForLeaderEpoch_endsEveryEpochAtTheHighWatermark() throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin()) {
            topic = KafkaClientsTest.createTopic(admin, 1);
        }
        STACK.postJson("/v1/topics/" + topic + "/records", "{\"records\":[{\"value\":\"a\"},{\"value\":\"b\"}]}");
        OffsetForLeaderEpochRequestData data = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t = new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic()
                .setTopic(topic);
        t.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                .setLeaderEpoch(0).setCurrentLeaderEpoch(0));
        t.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(9)
                .setLeaderEpoch(0).setCurrentLeaderEpoch(0));
        data.topics().add(t);
        try (RawKafkaConnection c = BadInputTest.connect()) {
            OffsetsForLeaderEpochResponse r = c.call(new OffsetsForLeaderEpochRequest(data, (short) 4));
            var partitions = r.data().topics().iterator().next().partitions();
            assertThat(partitions.get(0).endOffset()).isEqualTo(2);
            assertThat(partitions.get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    @Test
    void legacyAlterConfigs_replacesTheWholeConfig_andBadValuesChangeNothing() throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin()) {
            topic = KafkaClientsTest.createTopic(admin, 1);
        }
        try (RawKafkaConnection c = BadInputTest.connect()) {
            AlterConfigsResponse ok = c.call(alter(topic, "retention.bytes", "5000"));
            assertThat(ok.data().responses().get(0).errorCode()).isZero();
            AlterConfigsResponse bad = c.call(alter(topic, "retention.bytes", "lots"));
            assertThat(bad.data().responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
            DescribeConfigsRequestData describe = new DescribeConfigsRequestData();
            describe.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic).setConfigurationKeys(null));
            DescribeConfigsResponse described = c.call(new DescribeConfigsRequest.Builder(describe).build((short) 4));
            assertThat(described.data().results().get(0).configs())
                    .anySatisfy(e -> {
                        assertThat(e.name()).isEqualTo("retention.bytes");
                        assertThat(e.value()).isEqualTo("5000");
                    });
        }
    }

    private static AlterConfigsRequest alter(String topic, String key, String value) {
        AlterConfigsRequestData data = new AlterConfigsRequestData();
        AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic);
        resource.configs().add(new AlterConfigsRequestData.AlterableConfig().setName(key).setValue(value));
        data.resources().add(resource);
        return new AlterConfigsRequest(data, (short) 2);
    }

    @Test
    void offsetDeleteAndDescribeGroups() throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin()) {
            topic = KafkaClientsTest.createTopic(admin, 1);
        }
        STACK.postJson("/v1/topics/" + topic + "/records", "{\"records\":[{\"value\":\"a\"}]}");
        String group = "g-" + UUID.randomUUID().toString().substring(0, 8);
        STACK.postJson("/v1/groups/" + group + "/offsets",
                "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":1}]}");
        try (RawKafkaConnection c = BadInputTest.connect()) {
            DescribeGroupsResponse described = c.call(new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData()
                    .setGroups(List.of(group, "no-such-group-" + UUID.randomUUID()))).build((short) 5));
            assertThat(described.data().groups().get(0).groupState()).isEqualTo("Empty");
            assertThat(described.data().groups().get(0).members()).isEmpty();
            assertThat(described.data().groups().get(1).groupState()).isEqualTo("Dead");

            OffsetDeleteRequestData delete = new OffsetDeleteRequestData().setGroupId(group);
            OffsetDeleteRequestData.OffsetDeleteRequestTopic t = new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(topic);
            t.partitions().add(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0));
            delete.topics().add(t);
            OffsetDeleteResponse deleted = c.call(new OffsetDeleteRequest.Builder(delete).build((short) 0));
            assertThat(deleted.data().errorCode()).isZero();
        }
        assertThat(STACK.get("/v1/groups/" + group + "/offsets")).doesNotContain(topic);
        assertThat(ConsumerProtocol.PROTOCOL_TYPE).isEqualTo("consumer");
    }

    @Test
    void initProducerId_bumpsTheEpochOfAKnownId_andRefusesTransactions() throws Exception {
        try (RawKafkaConnection c = BadInputTest.connect()) {
            InitProducerIdResponse first = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1))
                    .build((short) 4));
            assertThat(first.data().errorCode()).isZero();
            InitProducerIdResponse bumped = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(first.data().producerId())
                    .setProducerEpoch(first.data().producerEpoch())).build((short) 4));
            assertThat(bumped.data().producerId()).isEqualTo(first.data().producerId());
            assertThat(bumped.data().producerEpoch()).isEqualTo((short) (first.data().producerEpoch() + 1));
            InitProducerIdResponse tx = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId("tx").setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1))
                    .build((short) 4));
            assertThat(tx.data().errorCode()).isNotZero();

            FindCoordinatorResponse txCoordinator = c.call(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                    .setKeyType((byte) 1).setCoordinatorKeys(List.of("tx"))).build((short) 4));
            assertThat(txCoordinator.data().coordinators().get(0).errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        }
    }

    @Test
    void fetchOverManyPartitions_fillsTheResponseInRequestOrder_withinMaxBytes() throws Exception {
        String topic;
        try (Admin admin = KafkaClientsTest.admin()) {
            topic = KafkaClientsTest.createTopic(admin, 12);
        }
        StringBuilder records = new StringBuilder("{\"records\":[");
        for (int p = 0; p < 12; p++) {
            records.append(p == 0 ? "" : ",").append("{\"partition\":").append(p).append(",\"value\":\"v").append(p).append("\"}");
        }
        STACK.postJson("/v1/topics/" + topic + "/records", records.append("]}").toString());
        try (RawKafkaConnection c = BadInputTest.connect()) {
            List<FetchResponseData.PartitionData> small = fetchAll(c, topic, 12, 1);
            assertThat(small.get(0).records().sizeInBytes()).isPositive();
            for (int p = 1; p < 12; p++) {
                assertThat(small.get(p).records().sizeInBytes()).isZero();
                assertThat(small.get(p).errorCode()).isZero();
            }
            List<FetchResponseData.PartitionData> all = fetchAll(c, topic, 12, 1 << 20);
            assertThat(all).allSatisfy(p -> {
                assertThat(p.records().sizeInBytes()).isPositive();
                assertThat(p.highWatermark()).isEqualTo(1);
            });
        }
    }

    private static List<FetchResponseData.PartitionData> fetchAll(RawKafkaConnection c, String topic, int partitions,
                                                                  int maxBytes) throws Exception {
        FetchRequestData data = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(maxBytes)
                .setReplicaId(-1).setSessionEpoch(-1);
        FetchRequestData.FetchTopic t = new FetchRequestData.FetchTopic().setTopic(topic);
        for (int p = 0; p < partitions; p++) {
            t.partitions().add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(0)
                    .setPartitionMaxBytes(1 << 20));
        }
        data.topics().add(t);
        FetchResponse response = c.call(new FetchRequest(data, (short) 12));
        return response.data().responses().get(0).partitions();
    }
}
