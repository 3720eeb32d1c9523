package dev.tributary.kafka.internal;

import dev.tributary.core.TopicNames;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.functions.maintenance.LogStartService;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.RequestContext;

/**
 * Topic administration over the topic service: CreateTopics, DeleteTopics,
 * CreatePartitions, DescribeConfigs, AlterConfigs and IncrementalAlterConfigs.
 *
 * <p>Replication factors are accepted and reported as 1 (S3 and DynamoDB do the
 * replicating); manual replica assignments are refused. Topic configs are Tributary's four
 * ({@code retention.ms}, {@code retention.bytes}, {@code cleanup.policy},
 * {@code max.message.bytes}, {@code delete.retention.ms}, {@code min.compaction.lag.ms}); any other key is {@code INVALID_CONFIG} and changes nothing.
 * {@code validateOnly} requests run every check and store nothing. Broker resources
 * describe as empty and cannot be altered. Thread-safe.
 */
public final class AdminHandlers {
    private static final byte TOPIC = ConfigResource.Type.TOPIC.id();
    private static final byte BROKER = ConfigResource.Type.BROKER.id();

    private final TopicService topics;
    private final TopicResolver resolver;
    private final int defaultPartitions;
    private final Access access;
    private final LogStartService logStarts;

    public AdminHandlers(TopicService topics, TopicResolver resolver, int defaultPartitions, Access access,
                         LogStartService logStarts) {
        this.topics = topics;
        this.resolver = resolver;
        this.defaultPartitions = defaultPartitions;
        this.access = access;
        this.logStarts = logStarts;
    }

    public CompletableFuture<AbstractResponse> createTopics(RequestContext context, AbstractRequest request) {
        CreateTopicsRequestData req = ((CreateTopicsRequest) request).data();
        short version = context.apiVersion();
        CreateTopicsResponseData data = new CreateTopicsResponseData().setThrottleTimeMs(0);
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        for (CreateTopicsRequestData.CreatableTopic t : req.topics()) {
            if (!seen.add(t.name())) {
                duplicated.add(t.name());
            }
        }
        for (CreateTopicsRequestData.CreatableTopic t : req.topics()) {
            CreateTopicsResponseData.CreatableTopicResult result = new CreateTopicsResponseData.CreatableTopicResult()
                    .setName(t.name()).setNumPartitions(-1).setReplicationFactor((short) -1);
            try {
                if (duplicated.contains(t.name())) {
                    throw Errors.INVALID_REQUEST.exception("Topic '" + t.name() + "' appears more than once in the request.");
                }
                access.createTopic(context, t.name());
                Topic created = createTopic(t, req.validateOnly());
                result.setNumPartitions(created.partitions()).setReplicationFactor((short) 1);
                if (version >= 7 && created.topicId() != null) {
                    result.setTopicId(TopicResolver.kafkaId(created.topicId()));
                }
                if (version >= 5) {
                    result.setConfigs(new java.util.ArrayList<>());
                    created.config().toMap().forEach((k, v) -> result.configs().add(
                            new CreateTopicsResponseData.CreatableTopicConfigs().setName(k).setValue(v)
                                    .setReadOnly(false).setIsSensitive(false)
                                    .setConfigSource(source(k, v).id())));
                }
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.of(e).code()).setErrorMessage(KafkaErrors.message(e));
            }
            data.topics().add(result);
        }
        return CompletableFuture.completedFuture(new CreateTopicsResponse(data));
    }

    private Topic createTopic(CreateTopicsRequestData.CreatableTopic t, boolean validateOnly) {
        if (!t.assignments().isEmpty()) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception(
                    "Manual replica assignment is not supported: storage is replicated by S3 and DynamoDB.");
        }
        int partitions = t.numPartitions() == -1 ? defaultPartitions : t.numPartitions();
        if (partitions <= 0) {
            throw Errors.INVALID_PARTITIONS.exception("Number of partitions must be at least 1, not " + t.numPartitions() + ".");
        }
        if (t.replicationFactor() != -1 && t.replicationFactor() <= 0) {
            throw Errors.INVALID_REPLICATION_FACTOR.exception("Replication factor must be -1 or at least 1.");
        }
        TopicNames.validate(t.name());
        Map<String, String> config = new LinkedHashMap<>();
        for (CreateTopicsRequestData.CreatableTopicConfig c : t.configs()) {
            config.put(c.name(), c.value());
        }
        TopicConfig merged = validConfig(TopicConfig.DEFAULTS, config);
        if (validateOnly) {
            if (exists(t.name())) {
                throw Errors.TOPIC_ALREADY_EXISTS.exception("Topic '" + t.name() + "' already exists.");
            }
            return new Topic(t.name(), null, partitions, merged, 0, 0);
        }
        topics.create(t.name(), partitions, config);
        return resolver.byName(t.name());
    }

    public CompletableFuture<AbstractResponse> deleteTopics(RequestContext context, AbstractRequest request) {
        DeleteTopicsRequest deleteRequest = (DeleteTopicsRequest) request;
        short version = context.apiVersion();
        DeleteTopicsResponseData data = new DeleteTopicsResponseData().setThrottleTimeMs(0);
        for (DeleteTopicsRequestData.DeleteTopicState t : deleteRequest.topics()) {
            DeleteTopicsResponseData.DeletableTopicResult result = new DeleteTopicsResponseData.DeletableTopicResult()
                    .setName(t.name());
            if (version >= 6) {
                result.setTopicId(t.topicId());
            }
            try {
                Topic topic = access.topic(context, t.name(), t.topicId(), AclOperation.DELETE);
                result.setName(topic.name());
                topics.delete(topic.name());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.of(e).code());
                if (version >= 5) {
                    result.setErrorMessage(KafkaErrors.message(e));
                }
            }
            data.responses().add(result);
        }
        return CompletableFuture.completedFuture(new DeleteTopicsResponse(data));
    }

    /**
     * DeleteRecords over the HTTP API's delete-records: each partition's log start moves to
     * the given offset (-1: the high watermark) and the new low watermark is answered. An
     * offset past the high watermark, or below -1, is {@code OFFSET_OUT_OF_RANGE} and changes
     * nothing; partitions succeed or fail independently. Needs DELETE on the topic.
     */
    public CompletableFuture<AbstractResponse> deleteRecords(RequestContext context, AbstractRequest request) {
        DeleteRecordsRequestData req = ((DeleteRecordsRequest) request).data();
        DeleteRecordsResponseData data = new DeleteRecordsResponseData().setThrottleTimeMs(0);
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : req.topics()) {
            DeleteRecordsResponseData.DeleteRecordsTopicResult topic =
                    new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(t.name());
            Errors topicError = Errors.NONE;
            try {
                access.topic(context, t.name(), null, AclOperation.DELETE);
            } catch (RuntimeException e) {
                topicError = KafkaErrors.of(e);
            }
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                DeleteRecordsResponseData.DeleteRecordsPartitionResult result =
                        new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                                .setPartitionIndex(p.partitionIndex()).setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK);
                if (topicError != Errors.NONE) {
                    result.setErrorCode(topicError.code());
                } else if (p.offset() < DeleteRecordsRequest.HIGH_WATERMARK) {
                    result.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                } else {
                    try {
                        long low = logStarts.deleteRecords(t.name(), p.partitionIndex(), p.offset()).earliestOffset();
                        result.setErrorCode(Errors.NONE.code()).setLowWatermark(low);
                    } catch (RuntimeException e) {
                        result.setErrorCode(KafkaErrors.of(e).code());
                    }
                }
                topic.partitions().add(result);
            }
            data.topics().add(topic);
        }
        return CompletableFuture.completedFuture(new DeleteRecordsResponse(data));
    }

    public CompletableFuture<AbstractResponse> createPartitions(RequestContext context, AbstractRequest request) {
        CreatePartitionsRequestData req = ((CreatePartitionsRequest) request).data();
        CreatePartitionsResponseData data = new CreatePartitionsResponseData().setThrottleTimeMs(0);
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : req.topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult result =
                    new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(t.name());
            try {
                if (t.assignments() != null && !t.assignments().isEmpty()) {
                    throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("Manual replica assignment is not supported.");
                }
                Topic topic = access.topic(context, t.name(), null, AclOperation.ALTER);
                if (t.count() <= topic.partitions()) {
                    throw Errors.INVALID_PARTITIONS.exception("Topic '" + t.name() + "' has " + topic.partitions()
                            + " partitions; the count can only grow, and " + t.count() + " is not more.");
                }
                if (!req.validateOnly()) {
                    topics.growPartitions(t.name(), t.count());
                }
            } catch (RuntimeException e) {
                Errors code = KafkaErrors.of(e);
                result.setErrorCode((code == Errors.INVALID_REQUEST ? Errors.INVALID_PARTITIONS : code).code())
                        .setErrorMessage(KafkaErrors.message(e));
            }
            data.results().add(result);
        }
        return CompletableFuture.completedFuture(new CreatePartitionsResponse(data));
    }

    public CompletableFuture<AbstractResponse> describeConfigs(RequestContext context, AbstractRequest request) {
        DescribeConfigsRequestData req = ((DescribeConfigsRequest) request).data();
        DescribeConfigsResponseData data = new DescribeConfigsResponseData().setThrottleTimeMs(0);
        for (DescribeConfigsRequestData.DescribeConfigsResource r : req.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
                    .setResourceType(r.resourceType()).setResourceName(r.resourceName());
            try {
                if (r.resourceType() == TOPIC) {
                    Topic topic = access.topic(context, r.resourceName(), null, AclOperation.DESCRIBE_CONFIGS);
                    topic.config().toMap().forEach((k, v) -> {
                        if (r.configurationKeys() == null || r.configurationKeys().contains(k)) {
                            result.configs().add(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                                    .setName(k).setValue(v).setReadOnly(false).setIsSensitive(false)
                                    .setConfigSource(source(k, v).id())
                                    .setConfigType(type(k).id()));
                        }
                    });
                } else if (r.resourceType() == BROKER) {
                    access.cluster(context, AclOperation.DESCRIBE_CONFIGS);
                } else {
                    throw Errors.INVALID_REQUEST.exception("Only topic and broker configs can be described.");
                }
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.of(e).code()).setErrorMessage(KafkaErrors.message(e));
            }
            data.results().add(result);
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponse(data));
    }

    public CompletableFuture<AbstractResponse> incrementalAlterConfigs(RequestContext context, AbstractRequest request) {
        IncrementalAlterConfigsRequestData req = ((IncrementalAlterConfigsRequest) request).data();
        IncrementalAlterConfigsResponseData data = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource r : req.resources()) {
            IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse result =
                    new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                            .setResourceType(r.resourceType()).setResourceName(r.resourceName());
            try {
                Map<String, String> changes = new LinkedHashMap<>();
                for (IncrementalAlterConfigsRequestData.AlterableConfig c : r.configs()) {
                    switch (c.configOperation()) {
                        case 0 -> changes.put(c.name(), c.value());
                        case 1 -> changes.put(c.name(), Optional.ofNullable(TopicConfig.DEFAULTS.toMap().get(c.name()))
                                .orElseThrow(() -> Errors.INVALID_CONFIG.exception("Unknown topic config '" + c.name() + "'.")));
                        default -> throw Errors.INVALID_CONFIG.exception(
                                "Only SET and DELETE are supported; Tributary's topic configs are not lists.");
                    }
                }
                alter(context, r.resourceType(), r.resourceName(), changes, false, req.validateOnly());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.of(e).code()).setErrorMessage(KafkaErrors.message(e));
            }
            data.responses().add(result);
        }
        return CompletableFuture.completedFuture(new IncrementalAlterConfigsResponse(data));
    }

    /** The legacy AlterConfigs: the given configs replace the topic's whole config (unnamed keys reset). */
    public CompletableFuture<AbstractResponse> alterConfigs(RequestContext context, AbstractRequest request) {
        AlterConfigsRequestData req = ((AlterConfigsRequest) request).data();
        AlterConfigsResponseData data = new AlterConfigsResponseData().setThrottleTimeMs(0);
        for (AlterConfigsRequestData.AlterConfigsResource r : req.resources()) {
            AlterConfigsResponseData.AlterConfigsResourceResponse result = new AlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(r.resourceType()).setResourceName(r.resourceName());
            try {
                Map<String, String> changes = new LinkedHashMap<>();
                for (AlterConfigsRequestData.AlterableConfig c : r.configs()) {
                    changes.put(c.name(), c.value());
                }
                alter(context, r.resourceType(), r.resourceName(), changes, true, req.validateOnly());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.of(e).code()).setErrorMessage(KafkaErrors.message(e));
            }
            data.responses().add(result);
        }
        return CompletableFuture.completedFuture(new AlterConfigsResponse(data));
    }

    private void alter(RequestContext context, byte resourceType, String name, Map<String, String> changes,
                       boolean replace, boolean validateOnly) {
        if (resourceType != TOPIC) {
            throw Errors.INVALID_REQUEST.exception("Only topic configs can be altered.");
        }
        Topic topic = access.topic(context, name, null, AclOperation.ALTER_CONFIGS);
        Map<String, String> effective = new LinkedHashMap<>();
        if (replace) {
            effective.putAll(TopicConfig.DEFAULTS.toMap());
        }
        effective.putAll(changes);
        validConfig(topic.config(), effective);
        if (!validateOnly && !effective.isEmpty()) {
            topics.updateConfig(name, effective);
        }
    }

    private static TopicConfig validConfig(TopicConfig base, Map<String, String> changes) {
        try {
            return base.merge(changes);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.INVALID_REQUEST) {
                throw Errors.INVALID_CONFIG.exception(e.getMessage());
            }
            throw e;
        }
    }

    private boolean exists(String name) {
        try {
            resolver.byName(name);
            return true;
        } catch (ApiException e) {
            if (e.code() == ErrorCode.TOPIC_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private static DescribeConfigsResponse.ConfigSource source(String key, String value) {
        return value.equals(TopicConfig.DEFAULTS.toMap().get(key))
                ? DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG
                : DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG;
    }

    private static DescribeConfigsResponse.ConfigType type(String key) {
        return switch (key) {
            case TopicConfig.RETENTION_MS, TopicConfig.RETENTION_BYTES, TopicConfig.DELETE_RETENTION_MS,
                 TopicConfig.MIN_COMPACTION_LAG_MS -> DescribeConfigsResponse.ConfigType.LONG;
            case TopicConfig.MAX_MESSAGE_BYTES -> DescribeConfigsResponse.ConfigType.INT;
            case TopicConfig.CLEANUP_POLICY -> DescribeConfigsResponse.ConfigType.LIST;
            default -> DescribeConfigsResponse.ConfigType.STRING;
        };
    }
}
