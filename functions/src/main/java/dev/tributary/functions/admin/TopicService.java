package dev.tributary.functions.admin;

import dev.tributary.core.api.TopicInfo;
import dev.tributary.core.api.TopicList;
import dev.tributary.core.TopicNames;
import dev.tributary.storage.Errors;
import dev.tributary.storage.PartitionHead;
import dev.tributary.storage.PartitionStore;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicConfig;
import dev.tributary.storage.TopicStore;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic administration and lookups shared by the produce and fetch paths. Thread-safe.
 */
@Singleton
public class TopicService {
    private final TopicStore topics;
    private final PartitionStore partitions;
    private final TopicCache cache;
    private final long defaultRetentionMs;

    /**
     * @param defaultRetentionMs {@code retention.ms} of topics created without one
     *                           ({@code TRIBUTARY_DEFAULT_RETENTION_MS}; -1 keeps forever)
     */
    public TopicService(TopicStore topics, PartitionStore partitions, TopicCache cache,
                        @Value("${tributary.default-retention-ms:604800000}") long defaultRetentionMs) {
        this.topics = topics;
        this.partitions = partitions;
        this.cache = cache;
        this.defaultRetentionMs = defaultRetentionMs;
    }

    public TopicInfo create(String name, int partitionCount, Map<String, String> config) {
        TopicNames.validate(name);
        Map<String, String> withDefaults = new LinkedHashMap<>();
        withDefaults.put(TopicConfig.RETENTION_MS, Long.toString(defaultRetentionMs));
        if (config != null) {
            withDefaults.putAll(config);
        }
        Topic topic = topics.create(name, partitionCount, TopicConfig.DEFAULTS.merge(withDefaults));
        cache.put(topic);
        return describe(topic);
    }

    public TopicList list() {
        return new TopicList(topics.list().stream().map(t -> new TopicList.Entry(t.name(), t.partitions())).toList());
    }

    public TopicInfo describe(String name) {
        return describe(require(name));
    }

    public TopicInfo updateConfig(String name, Map<String, String> changes) {
        TopicNames.validate(name);
        Topic current = topics.get(name);
        Topic updated = topics.updateConfig(name, current.config().merge(changes));
        cache.put(updated);
        return describe(updated);
    }

    public TopicInfo growPartitions(String name, int count) {
        TopicNames.validate(name);
        Topic updated = topics.growPartitions(name, count);
        cache.put(updated);
        return describe(updated);
    }

    public void delete(String name) {
        TopicNames.validate(name);
        topics.delete(name);
        cache.invalidate(name);
    }

    /** The live topic, read through a short-lived cache; {@code TOPIC_NOT_FOUND} otherwise. */
    public Topic require(String name) {
        TopicNames.validate(name);
        return cache.get(name);
    }

    /** The topic, freshly read, checking the partition exists (a just-grown topic is re-read). */
    public Topic requirePartition(String name, int partition) {
        Topic topic = require(name);
        if (partition >= topic.partitions() && partition >= 0) {
            topic = cache.refresh(name);
        }
        if (partition < 0 || partition >= topic.partitions()) {
            throw Errors.partitionNotFound(name, partition, topic.partitions());
        }
        return topic;
    }

    private TopicInfo describe(Topic topic) {
        List<TopicInfo.PartitionInfo> parts = new ArrayList<>();
        for (PartitionHead head : partitions.heads(topic.topicId(), topic.partitions())) {
            parts.add(new TopicInfo.PartitionInfo(head.partition(), head.logStartOffset(), head.nextOffset(),
                    head.bytes() >= 0 ? head.bytes() : null));
        }
        return new TopicInfo(topic.name(), topic.topicId().toString(), parts, configJson(topic.config()));
    }

    static Map<String, Object> configJson(TopicConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(TopicConfig.RETENTION_MS, config.retentionMs());
        m.put(TopicConfig.RETENTION_BYTES, config.retentionBytes());
        m.put(TopicConfig.CLEANUP_POLICY, config.cleanupPolicy());
        m.put(TopicConfig.MAX_MESSAGE_BYTES, config.maxMessageBytes());
        m.put(TopicConfig.DELETE_RETENTION_MS, config.deleteRetentionMs());
        m.put(TopicConfig.MIN_COMPACTION_LAG_MS, config.minCompactionLagMs());
        return m;
    }
}
