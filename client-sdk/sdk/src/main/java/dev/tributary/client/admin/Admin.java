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
     * Kafka's {@code deleteRecords}: makes every record before the given offset of each partition
     * unreadable ({@code -1}: before the high watermark). An offset below the current earliest
     * offset changes nothing. Partitions are handled one by one; the first failure is thrown.
     *
     * @return each partition's earliest offset (low watermark) afterwards
     * @throws dev.tributary.client.OffsetOutOfRangeException an offset is past the partition's end
     * @throws dev.tributary.client.InvalidRequestException   an offset below -1
     * @throws dev.tributary.client.TopicNotFoundException    / {@code PartitionNotFoundException}
     */
    Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets);

    /** Names of the consumer groups; an administrative call that reads every group. */
    List<String> listGroups();

    /**
     * A group's state, members with their partitions, committed offsets and lag.
     *
     * @throws dev.tributary.client.GroupNotFoundException for an unknown group
     */
    GroupDescription describeGroup(String groupId);

    /**
     * A group's committed offsets with the lag of each partition.
     *
     * @throws dev.tributary.client.GroupNotFoundException for an unknown group
     */
    List<GroupOffset> listGroupOffsets(String groupId);

    /** Adds an ACL entry (needs ALTER on the cluster); adding an existing one changes nothing. */
    void createAcl(AclBinding acl);

    /** Every ACL entry, or those of one principal when {@code principal} is not null. */
    List<AclBinding> listAcls(String principal);

    /**
     * Removes an ACL entry.
     *
     * @return false when there was no such entry
     */
    boolean deleteAcl(AclBinding acl);

    @Override
    void close();
}
