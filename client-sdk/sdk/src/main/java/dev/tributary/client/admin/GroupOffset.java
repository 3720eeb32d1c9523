package dev.tributary.client.admin;

/**
 * A consumer group's committed position in one partition, with its lag. Immutable.
 *
 * @param topic        topic name
 * @param partition    partition number
 * @param offset       committed offset (next to read)
 * @param metadata     metadata stored with the commit
 * @param logEndOffset the partition's next offset to be written
 * @param lag          {@code logEndOffset - offset}
 */
public record GroupOffset(String topic, int partition, long offset, String metadata, long logEndOffset, long lag) {
}
