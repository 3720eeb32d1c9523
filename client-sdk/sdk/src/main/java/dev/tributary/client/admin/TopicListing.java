package dev.tributary.client.admin;

/**
 * A topic as listed by {@link Admin#listTopics()}. Immutable.
 *
 * @param name       topic name
 * @param partitions partition count
 */
public record TopicListing(String name, int partitions) {
}
