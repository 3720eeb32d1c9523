package dev.tributary.storage.groups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server-side partition assignor of consumer groups: balanced and sticky. Pure and
 * deterministic (the same input gives the same output on any instance); thread-safe.
 *
 * <p>Guarantees of {@link #assign}:
 * <ul>
 *   <li>every partition of every topic some member subscribes to (and that exists) goes to
 *       exactly one member subscribed to its topic; nothing else is assigned;</li>
 *   <li>balance: no partition can move from a member to another member subscribed to its
 *       topic that has at least two partitions fewer (with identical subscriptions this means
 *       member sizes differ by at most one);</li>
 *   <li>stickiness: a member keeps every partition of its previous assignment that is still
 *       valid, except those that must move to restore balance; with identical subscriptions
 *       the number of moved partitions is the minimum any balanced assignment needs.</li>
 * </ul>
 *
 * <p>Method: keep the valid part of the previous assignment, give each unassigned partition
 * (in topic, partition order) to the eligible member with the fewest partitions, then move
 * partitions one at a time from the largest member to the smallest eligible one while they
 * differ by more than one. Every move lowers the sum of squared member sizes, so it ends.
 */
public final class Assignor {
    private Assignor() {
    }

    /**
     * @param subscriptions   member id to the topics it subscribes to
     * @param partitionCounts partition count of each existing topic (topics missing here get nothing)
     * @param previous        the previous assignment (member id to partitions); may name gone members
     * @return the new assignment, with an entry (possibly empty) for every member
     */
    public static Map<String, Set<TopicPartition>> assign(Map<String, ? extends Set<String>> subscriptions,
                                                          Map<String, Integer> partitionCounts,
                                                          Map<String, ? extends Set<TopicPartition>> previous) {
        Map<String, TreeSet<TopicPartition>> result = new TreeMap<>();
        for (String member : subscriptions.keySet()) {
            result.put(member, new TreeSet<>());
        }
        Set<TopicPartition> taken = new TreeSet<>();
        for (String member : new TreeSet<>(previous.keySet())) {
            TreeSet<TopicPartition> mine = result.get(member);
            if (mine == null) {
                continue;
            }
            for (TopicPartition tp : previous.get(member)) {
                if (valid(tp, subscriptions.get(member), partitionCounts) && taken.add(tp)) {
                    mine.add(tp);
                }
            }
        }

        Set<String> wanted = new TreeSet<>();
        subscriptions.values().forEach(wanted::addAll);
        Map<String, List<String>> eligibleByTopic = new HashMap<>();
        for (String topic : wanted) {
            Integer count = partitionCounts.get(topic);
            if (count == null || count <= 0) {
                continue;
            }
            List<String> eligible = new ArrayList<>();
            for (Map.Entry<String, ? extends Set<String>> e : new TreeMap<>(subscriptions).entrySet()) {
                if (e.getValue().contains(topic)) {
                    eligible.add(e.getKey());
                }
            }
            eligibleByTopic.put(topic, eligible);
            for (int p = 0; p < count; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                if (!taken.contains(tp)) {
                    String smallest = eligible.get(0);
                    for (String m : eligible) {
                        if (result.get(m).size() < result.get(smallest).size()) {
                            smallest = m;
                        }
                    }
                    result.get(smallest).add(tp);
                }
            }
        }

        balance(result, subscriptions);
        Map<String, Set<TopicPartition>> out = new TreeMap<>();
        result.forEach((m, ps) -> out.put(m, Set.copyOf(ps)));
        return out;
    }

    private static void balance(Map<String, TreeSet<TopicPartition>> result, Map<String, ? extends Set<String>> subscriptions) {
        Comparator<String> bySize = Comparator.<String>comparingInt(m -> result.get(m).size()).thenComparing(m -> m);
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> ascending = new ArrayList<>(result.keySet());
            ascending.sort(bySize);
            outer:
            for (String receiver : ascending) {
                Set<String> receiverTopics = subscriptions.get(receiver);
                for (int d = ascending.size() - 1; d >= 0; d--) {
                    String donor = ascending.get(d);
                    if (result.get(donor).size() - result.get(receiver).size() <= 1) {
                        break;
                    }
                    for (TopicPartition tp : result.get(donor).descendingSet()) {
                        if (receiverTopics.contains(tp.topic())) {
                            result.get(donor).remove(tp);
                            result.get(receiver).add(tp);
                            moved = true;
                            break outer;
                        }
                    }
                }
            }
        }
    }

    private static boolean valid(TopicPartition tp, Set<String> topics, Map<String, Integer> partitionCounts) {
        Integer count = partitionCounts.get(tp.topic());
        return topics != null && topics.contains(tp.topic()) && count != null && tp.partition() >= 0 && tp.partition() < count;
    }
}
