package dev.tributary.storage.groups;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A consumer group as stored: the group record plus its members. Immutable.
 *
 * <p>Invariant: no partition is in the {@code owned} set of two members.
 *
 * @param group           group id
 * @param version         optimistic-concurrency version of the group record (0 = not stored yet)
 * @param groupEpoch      raised on every change of membership, subscriptions, partition counts or
 *                        any member's epoch; member epochs are taken from it, so they only grow
 * @param assignmentEpoch the group epoch at which {@code target} was computed
 * @param partitionCounts partition counts of the subscribed topics that exist, as last seen
 * @param target          target assignment: member id to the partitions it should end up owning
 * @param members         members by id
 * @param createdAtMs     when the group record was created
 */
public record GroupState(String group, long version, int groupEpoch, int assignmentEpoch,
                         Map<String, Integer> partitionCounts, Map<String, Set<TopicPartition>> target,
                         Map<String, GroupMember> members, long createdAtMs) {

    public static final String EMPTY = "Empty";
    public static final String STABLE = "Stable";
    public static final String RECONCILING = "Reconciling";

    public GroupState {
        partitionCounts = Map.copyOf(partitionCounts);
        Map<String, Set<TopicPartition>> t = new TreeMap<>();
        target.forEach((m, ps) -> t.put(m, Set.copyOf(ps)));
        target = Map.copyOf(t);
        members = Map.copyOf(members);
    }

    public static GroupState empty(String group, long nowMs) {
        return new GroupState(group, 0, 0, 0, Map.of(), Map.of(), Map.of(), nowMs);
    }

    /** Whether a group record is stored. */
    public boolean exists() {
        return version > 0;
    }

    /** {@code Empty} without members; {@code Stable} when every member owns exactly its target; else {@code Reconciling}. */
    public String state() {
        if (members.isEmpty()) {
            return EMPTY;
        }
        for (GroupMember m : members.values()) {
            Set<TopicPartition> t = targetOf(m.memberId());
            if (!m.owned().equals(t) || !m.assigned().equals(t)) {
                return RECONCILING;
            }
        }
        return STABLE;
    }

    public Set<TopicPartition> targetOf(String memberId) {
        return target.getOrDefault(memberId, Set.of());
    }

    /** Union of all members' subscriptions, sorted. */
    public Set<String> subscribedTopics() {
        Set<String> all = new TreeSet<>();
        members.values().forEach(m -> all.addAll(m.topics()));
        return all;
    }

    /** The member owning each partition (only partitions that have an owner). */
    public Map<TopicPartition, String> owners() {
        Map<TopicPartition, String> owners = new TreeMap<>();
        for (GroupMember m : members.values()) {
            for (TopicPartition tp : m.owned()) {
                String other = owners.put(tp, m.memberId());
                if (other != null) {
                    throw new IllegalStateException("Partition " + tp + " of group '" + group + "' is owned by both "
                            + other + " and " + m.memberId());
                }
            }
        }
        return owners;
    }
}
