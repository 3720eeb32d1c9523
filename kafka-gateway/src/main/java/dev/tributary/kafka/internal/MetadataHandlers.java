package dev.tributary.kafka.internal;

import dev.tributary.core.api.TopicList;
import dev.tributary.core.error.ApiException;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.ResourceType;
import dev.tributary.storage.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestContext;

/**
 * Metadata and DescribeCluster: the advertised gateways are the brokers, and every
 * partition is led by one of them with a single in-sync replica (durability comes from S3
 * and DynamoDB, not from replicas). Topics are never created by a Metadata request.
 * Thread-safe.
 */
public final class MetadataHandlers {
    /** The leader epoch reported for every partition: leadership never moves. */
    static final int LEADER_EPOCH = 0;

    private final TopicService topics;
    private final TopicResolver resolver;
    private final ClusterView cluster;
    private final Access access;

    public MetadataHandlers(TopicService topics, TopicResolver resolver, ClusterView cluster, Access access) {
        this.topics = topics;
        this.resolver = resolver;
        this.cluster = cluster;
        this.access = access;
    }

    public CompletableFuture<AbstractResponse> metadata(RequestContext context, AbstractRequest request) {
        MetadataRequestData req = ((MetadataRequest) request).data();
        short version = context.apiVersion();
        MetadataResponseData data = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId());
        for (Node node : cluster.nodes()) {
            data.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                    .setNodeId(node.id()).setHost(node.host()).setPort(node.port()));
        }
        if (req.topics() == null) {
            // As in Kafka, listing all topics shows only those the principal may describe.
            for (TopicList.Entry t : topics.list().topics()) {
                String name = t.name();
                if (access.allowed(context, ResourceType.TOPIC, name, AclOperation.DESCRIBE)) {
                    data.topics().add(describeByName(context, name, version));
                }
            }
        } else {
            for (MetadataRequestData.MetadataRequestTopic t : req.topics()) {
                if (t.name() != null) {
                    data.topics().add(describeByName(context, t.name(), version));
                } else {
                    Optional<Topic> topic = resolver.byId(t.topicId())
                            .filter(found -> access.allowed(context, ResourceType.TOPIC, found.name(), AclOperation.DESCRIBE));
                    data.topics().add(topic.map(value -> describe(value, version))
                            .orElseGet(() -> new MetadataResponseData.MetadataResponseTopic()
                                    .setTopicId(t.topicId()).setName(null)
                                    .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
                }
            }
        }
        return CompletableFuture.completedFuture(new MetadataResponse(data, version));
    }

    private MetadataResponseData.MetadataResponseTopic describeByName(RequestContext context, String name, short version) {
        try {
            return describe(access.topic(context, name, null, AclOperation.DESCRIBE), version);
        } catch (ApiException | org.apache.kafka.common.errors.ApiException e) {
            return new MetadataResponseData.MetadataResponseTopic().setName(name)
                    .setErrorCode(KafkaErrors.of(e).code());
        }
    }

    private MetadataResponseData.MetadataResponseTopic describe(Topic topic, short version) {
        MetadataResponseData.MetadataResponseTopic out = new MetadataResponseData.MetadataResponseTopic()
                .setName(topic.name())
                .setIsInternal(false)
                .setTopicAuthorizedOperations(MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
        if (version >= 10) {
            out.setTopicId(TopicResolver.kafkaId(topic.topicId()));
        }
        List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>(topic.partitions());
        for (int p = 0; p < topic.partitions(); p++) {
            int leader = cluster.leaderOf(p);
            partitions.add(new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(p)
                    .setLeaderId(leader)
                    .setLeaderEpoch(LEADER_EPOCH)
                    .setReplicaNodes(List.of(leader))
                    .setIsrNodes(List.of(leader))
                    .setOfflineReplicas(List.of()));
        }
        return out.setPartitions(partitions);
    }

    public CompletableFuture<AbstractResponse> describeCluster(RequestContext context, AbstractRequest request) {
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setClusterAuthorizedOperations(MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
        for (Node node : cluster.nodes()) {
            data.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                    .setBrokerId(node.id()).setHost(node.host()).setPort(node.port()));
        }
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }
}
