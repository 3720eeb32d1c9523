package dev.tributary.client.admin;

import java.util.List;
import java.util.Map;

/**
 * A topic's identity, partitions and configuration. Immutable.
 *
 * @param name       topic name
 * @param topicId    unique id; a re-created topic gets a new one
 * @param partitions offsets of every partition, by partition number
 * @param config     effective configuration ({@code retention.ms}, {@code retention.bytes},
 *                   {@code cleanup.policy}, {@code max.message.bytes}, ...), values as text
 */
public record TopicDescription(String name, String topicId, List<PartitionInfo> partitions,
                               Map<String, String> config) {

    public TopicDescription {
        partitions = List.copyOf(partitions);
        config = Map.copyOf(config);
    }
}
