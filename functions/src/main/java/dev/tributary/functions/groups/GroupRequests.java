package dev.tributary.functions.groups;

import dev.tributary.core.TopicNames;
import dev.tributary.core.api.GroupHeartbeatRequest;
import dev.tributary.core.api.GroupOffsets;
import dev.tributary.core.api.PartitionOffset;
import dev.tributary.core.api.TopicPartitions;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.OffsetCommit;
import dev.tributary.storage.groups.TopicPartition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns group request bodies, already checked against their constraints, into storage
 * requests: the rules that span fields or depend on configuration, with precise
 * {@code INVALID_REQUEST} messages. Stateless.
 */
final class GroupRequests {
    private GroupRequests() {
    }

    static HeartbeatRequest heartbeat(GroupHeartbeatRequest req, GroupsConfig config) {
        String memberId = req.memberId();
        Integer epoch = req.memberEpoch();
        if (memberId == null) {
            if (epoch != null && epoch != 0) {
                throw JsonBodies.invalid("Without 'memberId' a heartbeat is a join and 'memberEpoch' must be 0 (or absent), not "
                        + epoch + ".");
            }
            epoch = 0;
        } else {
            GroupNames.validateMember(memberId);
            if (epoch == null) {
                throw JsonBodies.invalid("'memberEpoch' is required with 'memberId': 0 to join, -1 to leave, else the current epoch.");
            }
        }
        List<String> topics = req.topics();
        if (epoch == 0 && topics == null) {
            throw JsonBodies.invalid("'topics' is required when joining, e.g. {\"topics\": [\"orders\"]}.");
        }
        if (topics != null) {
            topics.forEach(TopicNames::validate);
        }
        Integer session = timeout("sessionTimeoutMs", req.sessionTimeoutMs(), config.getMinSessionTimeout().toMillis(),
                config.getMaxSessionTimeout().toMillis());
        Integer rebalance = timeout("rebalanceTimeoutMs", req.rebalanceTimeoutMs(), 1, config.getMaxRebalanceTimeout().toMillis());
        if (epoch == 0) {
            session = session == null ? (int) config.getDefaultSessionTimeout().toMillis() : session;
            rebalance = rebalance == null ? (int) config.getDefaultRebalanceTimeout().toMillis() : rebalance;
        }
        return new HeartbeatRequest(memberId, epoch, topics, ownedPartitions(req.ownedPartitions()), session, rebalance);
    }

    /** A timeout whose bounds are configuration, so no constraint annotation can state them. */
    private static Integer timeout(String field, Long value, long min, long max) {
        if (value == null) {
            return null;
        }
        if (value < min || value > max) {
            throw JsonBodies.invalid("'" + field + "' must be between " + min + " and " + max + ", not " + value + ".");
        }
        return value.intValue();
    }

    private static Set<TopicPartition> ownedPartitions(List<TopicPartitions> owned) {
        if (owned == null) {
            return null;
        }
        Set<TopicPartition> out = new HashSet<>();
        for (TopicPartitions entry : owned) {
            TopicNames.validate(entry.topic());
            for (int p : entry.partitions()) {
                if (p < 0) {
                    throw JsonBodies.invalid("'ownedPartitions[].partitions' must hold partition numbers (whole numbers >= 0).");
                }
                out.add(new TopicPartition(entry.topic(), p));
            }
        }
        return out;
    }

    /** The offsets of a commit request; a partition named twice is refused. */
    static List<OffsetCommit> offsets(GroupOffsets req) {
        List<OffsetCommit> out = new ArrayList<>();
        Set<TopicPartition> seen = new HashSet<>();
        for (PartitionOffset entry : req.offsets()) {
            TopicNames.validate(entry.topic());
            OffsetCommit commit = new OffsetCommit(entry.topic(), entry.partition(), entry.offset(),
                    entry.metadata() == null ? "" : entry.metadata());
            if (!seen.add(commit.topicPartition())) {
                throw JsonBodies.invalid("Partition " + entry.partition() + " of '" + entry.topic() + "' appears twice in 'offsets'.");
            }
            out.add(commit);
        }
        return out;
    }
}
