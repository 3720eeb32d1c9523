package dev.tributary.functions.groups;

import dev.tributary.core.TopicNames;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.OffsetCommit;
import dev.tributary.storage.groups.TopicPartition;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads group request bodies into storage requests with precise {@code INVALID_REQUEST} messages. Stateless. */
final class GroupRequests {
    static final int MAX_TOPICS = 1_000;
    static final int MAX_OFFSETS = 10_000;
    static final int MAX_METADATA_CHARS = 4_096;

    private GroupRequests() {
    }

    static HeartbeatRequest heartbeat(JsonNode req, GroupsConfig config) {
        String memberId = JsonBodies.optionalString(req, "memberId");
        Integer epoch = JsonBodies.optionalInt(req, "memberEpoch", -1, Integer.MAX_VALUE);
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
        List<String> topics = topics(req);
        if (epoch == 0 && topics == null) {
            throw JsonBodies.invalid("'topics' is required when joining, e.g. {\"topics\": [\"orders\"]}.");
        }
        Integer session = JsonBodies.optionalInt(req, "sessionTimeoutMs", (int) config.getMinSessionTimeout().toMillis(),
                (int) config.getMaxSessionTimeout().toMillis());
        Integer rebalance = JsonBodies.optionalInt(req, "rebalanceTimeoutMs", 1, (int) config.getMaxRebalanceTimeout().toMillis());
        if (epoch == 0) {
            session = session == null ? (int) config.getDefaultSessionTimeout().toMillis() : session;
            rebalance = rebalance == null ? (int) config.getDefaultRebalanceTimeout().toMillis() : rebalance;
        }
        return new HeartbeatRequest(memberId, epoch, topics, ownedPartitions(req), session, rebalance);
    }

    private static List<String> topics(JsonNode req) {
        JsonNode node = req.get("topics");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() == 0 || node.size() > MAX_TOPICS) {
            throw JsonBodies.invalid("'topics' must be a non-empty array of at most " + MAX_TOPICS + " topic names.");
        }
        List<String> topics = new ArrayList<>();
        for (JsonNode t : node.values()) {
            if (!t.isString()) {
                throw JsonBodies.invalid("'topics' must hold topic names (strings).");
            }
            topics.add(TopicNames.validate(t.getStringValue()));
        }
        return topics;
    }

    private static Set<TopicPartition> ownedPartitions(JsonNode req) {
        JsonNode node = req.get("ownedPartitions");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw JsonBodies.invalid("'ownedPartitions' must be an array of {\"topic\": ..., \"partitions\": [...]}.");
        }
        Set<TopicPartition> owned = new HashSet<>();
        for (JsonNode entry : node.values()) {
            if (!entry.isObject()) {
                throw JsonBodies.invalid("'ownedPartitions' entries must be objects {\"topic\": ..., \"partitions\": [...]}.");
            }
            String topic = JsonBodies.optionalString(entry, "topic");
            if (topic == null) {
                throw JsonBodies.invalid("'ownedPartitions[].topic' is required.");
            }
            TopicNames.validate(topic);
            JsonNode partitions = entry.get("partitions");
            if (partitions == null || !partitions.isArray()) {
                throw JsonBodies.invalid("'ownedPartitions[].partitions' must be an array of partition numbers.");
            }
            for (JsonNode p : partitions.values()) {
                if (!p.isNumber() || p.getNumberValue().doubleValue() != Math.floor(p.getNumberValue().doubleValue())
                        || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                    throw JsonBodies.invalid("'ownedPartitions[].partitions' must hold partition numbers (whole numbers >= 0).");
                }
                owned.add(new TopicPartition(topic, p.getIntValue()));
            }
        }
        return owned;
    }

    /** The offsets of a commit request; duplicates and malformed entries are refused. */
    static List<OffsetCommit> offsets(JsonNode req) {
        JsonNode node = req.get("offsets");
        if (node == null || !node.isArray() || node.size() == 0 || node.size() > MAX_OFFSETS) {
            throw JsonBodies.invalid("'offsets' must be a non-empty array of at most " + MAX_OFFSETS
                    + " entries {\"topic\", \"partition\", \"offset\", \"metadata\"}.");
        }
        List<OffsetCommit> out = new ArrayList<>();
        Set<TopicPartition> seen = new HashSet<>();
        for (JsonNode entry : node.values()) {
            if (!entry.isObject()) {
                throw JsonBodies.invalid("'offsets' entries must be objects {\"topic\", \"partition\", \"offset\", \"metadata\"}.");
            }
            String topic = JsonBodies.optionalString(entry, "topic");
            Integer partition = JsonBodies.optionalInt(entry, "partition", 0, Integer.MAX_VALUE);
            Long offset = JsonBodies.optionalLong(entry, "offset", 0, Long.MAX_VALUE);
            String metadata = JsonBodies.optionalString(entry, "metadata");
            if (topic == null || partition == null || offset == null) {
                throw JsonBodies.invalid("'offsets[]' entries need 'topic', 'partition' and 'offset' (>= 0).");
            }
            TopicNames.validate(topic);
            if (metadata != null && metadata.length() > MAX_METADATA_CHARS) {
                throw JsonBodies.invalid("'metadata' is limited to " + MAX_METADATA_CHARS + " characters.");
            }
            OffsetCommit commit = new OffsetCommit(topic, partition, offset, metadata == null ? "" : metadata);
            if (!seen.add(commit.topicPartition())) {
                throw JsonBodies.invalid("Partition " + partition + " of '" + topic + "' appears twice in 'offsets'.");
            }
            out.add(commit);
        }
        return out;
    }
}
