package dev.tributary.storage.groups;

/** One offset to commit: the next offset the group will consume from the partition, plus free-form metadata. */
public record OffsetCommit(String topic, int partition, long offset, String metadata) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
