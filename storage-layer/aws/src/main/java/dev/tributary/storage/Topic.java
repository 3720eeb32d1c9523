package dev.tributary.storage;

import java.util.UUID;

/**
 * A topic as stored: its name, the id its data is filed under, partition count and config.
 *
 * <p>The id is a fresh UUID per creation, so a topic deleted and re-created under the
 * same name never sees the old topic's records.
 */
public record Topic(String name, UUID topicId, int partitions, TopicConfig config, long createdAtMs, long version) {
    public Topic withConfig(TopicConfig newConfig) {
        return new Topic(name, topicId, partitions, newConfig, createdAtMs, version + 1);
    }

    public Topic withPartitions(int count) {
        return new Topic(name, topicId, count, config, createdAtMs, version + 1);
    }
}
