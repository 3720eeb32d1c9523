package dev.tributary.storage.groups;

/**
 * A committed offset as stored.
 *
 * @param memberId    the committing member, or null for a commit made without membership
 * @param memberEpoch the committing member's epoch, or -1 without membership
 */
public record CommittedOffset(String topic, int partition, long offset, String metadata, long commitTimeMs,
                              String memberId, int memberEpoch) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
