package dev.tributary.storage;

import java.util.List;
import java.util.Optional;

/**
 * Topic records: name to id, partition count, config. Implementations are thread-safe.
 * Failures surface as {@link dev.tributary.core.error.ApiException} with a stable code.
 */
public interface TopicStore {
    /** Creates the topic; {@code TOPIC_ALREADY_EXISTS} if the name is taken. */
    Topic create(String name, int partitions, TopicConfig config);

    Optional<Topic> find(String name);

    /** The topic, or {@code TOPIC_NOT_FOUND}. */
    default Topic get(String name) {
        return find(name).orElseThrow(() -> Errors.topicNotFound(name));
    }

    /** Every live topic, sorted by name. */
    List<Topic> list();

    /** Replaces the config, conditioned on the topic still being the same topic id. */
    Topic updateConfig(String name, TopicConfig config);

    /** Raises the partition count; shrinking or keeping the count is {@code INVALID_REQUEST}. */
    Topic growPartitions(String name, int newCount);

    /** Removes the name; the data under the old id becomes unreachable and is left to garbage collection. */
    void delete(String name);

    /** Ids of deleted topics whose data still awaits garbage collection. */
    List<java.util.UUID> deletedTopicIds();

    /**
     * Deleted topics whose data still awaits garbage collection, as they were when deleted,
     * except that {@link Topic#createdAtMs()} is the time of the deletion.
     */
    List<Topic> deletedTopics();

    /** Drops a deleted topic's tombstone once its data is gone. */
    void forgetDeleted(java.util.UUID topicId);
}
