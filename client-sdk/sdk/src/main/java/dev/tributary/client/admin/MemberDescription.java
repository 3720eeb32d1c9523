package dev.tributary.client.admin;

import dev.tributary.client.TopicPartition;
import java.util.List;

/**
 * One live member of a consumer group. Immutable.
 *
 * @param memberId          the member's id
 * @param memberEpoch       its current epoch
 * @param topics            its subscription
 * @param ownedPartitions   what the service counts as owned, including partitions being revoked
 * @param pendingRevocation owned partitions the member has been asked to give up
 */
public record MemberDescription(String memberId, int memberEpoch, List<String> topics,
                                List<TopicPartition> ownedPartitions, List<TopicPartition> pendingRevocation) {

    public MemberDescription {
        topics = List.copyOf(topics);
        ownedPartitions = List.copyOf(ownedPartitions);
        pendingRevocation = List.copyOf(pendingRevocation);
    }
}
