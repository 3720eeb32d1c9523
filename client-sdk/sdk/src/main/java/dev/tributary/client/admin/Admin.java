package dev.tributary.client.admin;

import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * Manages topics and inspects offsets and consumer groups. Every method blocks until the
 * service answered and throws a {@link dev.tributary.client.TributaryException} on
 * failure: {@link dev.tributary.client.TopicNotFoundException},
 * {@link dev.tributary.client.TopicExistsException},
 * {@link dev.tributary.client.InvalidRequestException}, or a retriable exception when the
 * service was unreachable. Implementations are thread-safe.
 */
public interface Admin extends AutoCloseable {

    TopicDescription createTopic(String name, int partitions);

    /** Creates a topic with configuration such as {@code retention.ms}; unset keys take the service defaults. */
    TopicDescription createTopic(String name, int partitions, Map<String, String> config);

    List<TopicListing> listTopics();

    TopicDescription describeTopic(String name);

    void deleteTopic(String name);

    /** Grows a topic to {@code count} partitions (never shrinks). */
    TopicDescription createPartitions(String name, int count);

    /** Changes the given configuration keys and leaves the others as they are. */
    TopicDescription alterConfig(String name, Map<String, String> config);

    /** The offset {@code spec} designates; offset -1 when no record is at or after the time asked for. */
    OffsetAndTimestamp listOffsets(TopicPartition partition, OffsetSpec spec);

    Map<TopicPartition, OffsetAndTimestamp> listOffsets(Map<TopicPartition, OffsetSpec> specs);

    /**
     * Names of the consumer groups.
     *
     * @throws dev.tributary.client.TributaryException saying so when the service has no group support
     */
    List<String> listGroups();

    /** A group's members, assignment, committed offsets and lag. */
    GroupDescription describeGroup(String groupId);

    @Override
    void close();
}
