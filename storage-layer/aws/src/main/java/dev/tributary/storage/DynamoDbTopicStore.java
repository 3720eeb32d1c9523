package dev.tributary.storage;

import dev.tributary.core.TopicNames;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link TopicStore} on the topics table, through the DynamoDB Enhanced client.
 *
 * <p>One item per live topic, keyed by name, plus one tombstone item per deleted topic
 * (key {@code #deleted#<topicId>}; '#' cannot occur in a topic name) so garbage collection
 * can find the data of deleted topics. Updates are optimistic: conditioned on the topic id
 * and version read. Thread-safe.
 */
public final class DynamoDbTopicStore implements TopicStore {
    private static final String TOMBSTONE_PREFIX = "#deleted#";
    private static final int MAX_OPTIMISTIC_ATTEMPTS = 10;
    /** Partitions per topic; a sanity bound that keeps describe and assignment cheap. */
    public static final int MAX_PARTITIONS = 10_000;

    private static final StaticTableSchema<TopicItem> SCHEMA = StaticTableSchema.builder(TopicItem.class)
            .newItemSupplier(TopicItem::new)
            .addAttribute(String.class, a -> a.name(DynamoDbTables.TOPICS_PK).getter(TopicItem::getName)
                    .setter(TopicItem::setName).tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("topicId").getter(TopicItem::getTopicId).setter(TopicItem::setTopicId))
            .addAttribute(Integer.class, a -> a.name("partitions").getter(TopicItem::getPartitions).setter(TopicItem::setPartitions))
            .addAttribute(EnhancedType.mapOf(String.class, String.class),
                    a -> a.name("config").getter(TopicItem::getConfig).setter(TopicItem::setConfig))
            .addAttribute(Long.class, a -> a.name("createdAtMs").getter(TopicItem::getCreatedAtMs).setter(TopicItem::setCreatedAtMs))
            .addAttribute(Long.class, a -> a.name("version").getter(TopicItem::getVersion).setter(TopicItem::setVersion))
            .build();

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<TopicItem> table;
    private final Clock clock;

    public DynamoDbTopicStore(DynamoDbEnhancedClient enhanced, DynamoDbTables tables, Clock clock) {
        this.enhanced = enhanced;
        this.table = enhanced.table(tables.topics(), SCHEMA);
        this.clock = clock;
    }

    @Override
    public Topic create(String name, int partitions, TopicConfig config) {
        TopicNames.validate(name);
        validatePartitionCount(partitions);
        Topic topic = new Topic(name, UUID.randomUUID(), partitions, config, clock.millis(), 1);
        try {
            AwsCalls.run("Creating topic " + name, () -> table.putItem(PutItemEnhancedRequest.builder(TopicItem.class)
                    .item(TopicItem.of(topic))
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(#n)")
                            .putExpressionName("#n", DynamoDbTables.TOPICS_PK).build())
                    .build()));
        } catch (ConditionalCheckFailedException e) {
            throw new ApiException(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.").with("topic", name);
        }
        return topic;
    }

    @Override
    public Optional<Topic> find(String name) {
        if (name == null || name.startsWith(TOMBSTONE_PREFIX)) {
            return Optional.empty();
        }
        TopicItem item = AwsCalls.call("Reading topic " + name, () -> table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(name).build()).consistentRead(true).build()));
        return Optional.ofNullable(item).map(TopicItem::toTopic);
    }

    @Override
    public List<Topic> list() {
        List<Topic> topics = new ArrayList<>();
        AwsCalls.run("Listing topics", () -> table.scan(r -> r.consistentRead(true)).items().forEach(item -> {
            if (!item.getName().startsWith(TOMBSTONE_PREFIX)) {
                topics.add(item.toTopic());
            }
        }));
        topics.sort(Comparator.comparing(Topic::name));
        return topics;
    }

    @Override
    public Topic updateConfig(String name, TopicConfig config) {
        return updateOptimistically(name, current -> current.withConfig(config));
    }

    @Override
    public Topic growPartitions(String name, int newCount) {
        validatePartitionCount(newCount);
        return updateOptimistically(name, current -> {
            if (newCount <= current.partitions()) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "Topic '" + name + "' has " + current.partitions()
                        + " partitions; the count can only grow, so it must be more than that, not " + newCount + ".")
                        .with("partitions", current.partitions());
            }
            return current.withPartitions(newCount);
        });
    }

    @Override
    public void delete(String name) {
        Topic topic = get(name);
        TopicItem tombstone = TopicItem.of(topic);
        tombstone.setName(TOMBSTONE_PREFIX + topic.topicId());
        tombstone.setCreatedAtMs(clock.millis());
        try {
            AwsCalls.run("Deleting topic " + name, () -> enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                    .addDeleteItem(table, TransactDeleteItemEnhancedRequest.builder()
                            .key(Key.builder().partitionValue(name).build())
                            .conditionExpression(sameTopicId(topic.topicId()))
                            .build())
                    .addPutItem(table, tombstone)
                    .build()));
        } catch (TransactionCanceledException e) {
            // Someone else deleted (and maybe re-created) it between our read and write.
            throw Errors.topicNotFound(name);
        }
    }

    @Override
    public List<UUID> deletedTopicIds() {
        List<UUID> ids = new ArrayList<>();
        AwsCalls.run("Listing deleted topics", () -> table.scan().items().forEach(item -> {
            if (item.getName().startsWith(TOMBSTONE_PREFIX)) {
                ids.add(UUID.fromString(item.getTopicId()));
            }
        }));
        return ids;
    }

    @Override
    public List<Topic> deletedTopics() {
        List<Topic> out = new ArrayList<>();
        AwsCalls.run("Listing deleted topics", () -> table.scan().items().forEach(item -> {
            if (item.getName().startsWith(TOMBSTONE_PREFIX)) {
                out.add(item.toTopic());
            }
        }));
        return out;
    }

    @Override
    public void forgetDeleted(UUID topicId) {
        AwsCalls.run("Removing the tombstone of " + topicId, () -> table.deleteItem(
                Key.builder().partitionValue(TOMBSTONE_PREFIX + topicId).build()));
    }

    private Topic updateOptimistically(String name, java.util.function.UnaryOperator<Topic> change) {
        for (int attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
            Topic current = get(name);
            Topic updated = change.apply(current);
            try {
                AwsCalls.run("Updating topic " + name, () -> table.putItem(PutItemEnhancedRequest.builder(TopicItem.class)
                        .item(TopicItem.of(updated))
                        .conditionExpression(Expression.builder()
                                .expression("topicId = :id AND version = :v")
                                .putExpressionValue(":id", AttributeValue.fromS(current.topicId().toString()))
                                .putExpressionValue(":v", AttributeValue.fromN(Long.toString(current.version())))
                                .build())
                        .build()));
                return updated;
            } catch (ConditionalCheckFailedException e) {
                // Concurrent update or delete: re-read and try again (get() reports a delete).
            }
        }
        throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Topic '" + name + "' is being updated concurrently; retry.");
    }

    private static Expression sameTopicId(UUID topicId) {
        return Expression.builder().expression("topicId = :id")
                .putExpressionValue(":id", AttributeValue.fromS(topicId.toString())).build();
    }

    private static void validatePartitionCount(int partitions) {
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "Partition count must be between 1 and " + MAX_PARTITIONS + ", not " + partitions + ".");
        }
    }

    /** Mutable item bean for the Enhanced client's static schema. */
    public static final class TopicItem {
        private String name;
        private String topicId;
        private Integer partitions;
        private Map<String, String> config;
        private Long createdAtMs;
        private Long version;

        static TopicItem of(Topic t) {
            TopicItem i = new TopicItem();
            i.name = t.name();
            i.topicId = t.topicId().toString();
            i.partitions = t.partitions();
            i.config = t.config().toMap();
            i.createdAtMs = t.createdAtMs();
            i.version = t.version();
            return i;
        }

        Topic toTopic() {
            return new Topic(name, UUID.fromString(topicId), partitions,
                    TopicConfig.fromStored(config == null ? Map.of() : config), createdAtMs == null ? 0 : createdAtMs,
                    version == null ? 0 : version);
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getTopicId() { return topicId; }
        public void setTopicId(String topicId) { this.topicId = topicId; }
        public Integer getPartitions() { return partitions; }
        public void setPartitions(Integer partitions) { this.partitions = partitions; }
        public Map<String, String> getConfig() { return config; }
        public void setConfig(Map<String, String> config) { this.config = config; }
        public Long getCreatedAtMs() { return createdAtMs; }
        public void setCreatedAtMs(Long createdAtMs) { this.createdAtMs = createdAtMs; }
        public Long getVersion() { return version; }
        public void setVersion(Long version) { this.version = version; }
    }
}
