package dev.tributary.storage.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class AssignorTest {

    @Example
    void threeMembersTwelvePartitions_fourEach() {
        Map<String, Set<TopicPartition>> a = Assignor.assign(subs(List.of("a", "b", "c"), "t"), Map.of("t", 12), Map.of());
        assertThat(a.values()).allSatisfy(ps -> assertThat(ps).hasSize(4));
        assertCovers(a, Map.of("t", 12));
    }

    @Example
    void addingAMember_movesOnlyWhatItNeeds() {
        Map<String, Set<TopicPartition>> before = Assignor.assign(subs(List.of("a", "b", "c"), "t"), Map.of("t", 12), Map.of());
        Map<String, Set<TopicPartition>> after = Assignor.assign(subs(List.of("a", "b", "c", "d"), "t"), Map.of("t", 12), before);
        assertThat(after.get("d")).hasSize(3);
        assertThat(moved(before, after)).isEqualTo(3);
    }

    @Example
    void removingAMember_movesOnlyItsPartitions() {
        Map<String, Set<TopicPartition>> before = Assignor.assign(subs(List.of("a", "b", "c"), "t"), Map.of("t", 12), Map.of());
        Map<String, Set<TopicPartition>> after = Assignor.assign(subs(List.of("a", "b"), "t"), Map.of("t", 12), before);
        assertThat(after.get("a")).containsAll(before.get("a"));
        assertThat(after.get("b")).containsAll(before.get("b"));
        assertThat(after.get("a")).hasSize(6);
    }

    @Example
    void unsubscribedOrMissingTopics_getNothing() {
        Map<String, Set<String>> subs = Map.of("a", Set.of("t", "missing"), "b", Set.of("u"));
        Map<String, Set<TopicPartition>> a = Assignor.assign(subs, Map.of("t", 3, "u", 2, "other", 5), Map.of());
        assertThat(a.get("a")).extracting(TopicPartition::topic).containsOnly("t");
        assertThat(a.get("b")).extracting(TopicPartition::topic).containsOnly("u");
        assertCovers(a, Map.of("t", 3, "u", 2));
    }

    @Property(tries = 300)
    void homogeneous_isCompleteBalancedAndMinimallyMoving(@ForAll("members") List<String> members,
                                                          @ForAll("members") List<String> nextMembers,
                                                          @ForAll @IntRange(min = 1, max = 60) int partitions,
                                                          @ForAll @IntRange(min = 1, max = 60) int nextPartitions) {
        Map<String, Integer> counts = Map.of("t", partitions);
        Map<String, Set<TopicPartition>> first = Assignor.assign(subs(members, "t"), counts, Map.of());
        assertCovers(first, counts);
        assertBalanced(first);

        Map<String, Integer> nextCounts = Map.of("t", Math.max(partitions, nextPartitions));
        Map<String, Set<TopicPartition>> second = Assignor.assign(subs(nextMembers, "t"), nextCounts, first);
        assertCovers(second, nextCounts);
        assertBalanced(second);
        assertThat(moved(first, second)).isEqualTo(minimalMoves(first, nextMembers, nextCounts.get("t")));

        assertThat(Assignor.assign(subs(nextMembers, "t"), nextCounts, second)).as("stable when nothing changes").isEqualTo(second);
    }

    @Property(tries = 300)
    void heterogeneous_isCompleteAndLocallyBalanced(@ForAll("subscriptions") Map<String, Set<String>> subs,
                                                    @ForAll("subscriptions") Map<String, Set<String>> nextSubs) {
        Map<String, Integer> counts = Map.of("a", 7, "b", 3, "c", 12);
        Map<String, Set<TopicPartition>> first = Assignor.assign(subs, counts, Map.of());
        check(first, subs, counts);
        Map<String, Set<TopicPartition>> second = Assignor.assign(nextSubs, counts, first);
        check(second, nextSubs, counts);
    }

    private static void check(Map<String, Set<TopicPartition>> a, Map<String, Set<String>> subs, Map<String, Integer> counts) {
        Map<String, Integer> wanted = new TreeMap<>();
        subs.values().forEach(ts -> ts.forEach(t -> wanted.put(t, counts.get(t))));
        assertCovers(a, wanted);
        a.forEach((m, ps) -> ps.forEach(tp -> assertThat(subs.get(m)).contains(tp.topic())));
        for (String donor : a.keySet()) {
            for (String receiver : a.keySet()) {
                if (a.get(donor).size() - a.get(receiver).size() > 1) {
                    assertThat(a.get(donor)).as("%s could give %s a partition", donor, receiver)
                            .noneMatch(tp -> subs.get(receiver).contains(tp.topic()));
                }
            }
        }
    }

    @Provide
    Arbitrary<List<String>> members() {
        return Arbitraries.of("m1", "m2", "m3", "m4", "m5", "m6", "m7").set().ofMinSize(1).ofMaxSize(7).map(ArrayList::new);
    }

    @Provide
    Arbitrary<Map<String, Set<String>>> subscriptions() {
        Arbitrary<Set<String>> topics = Arbitraries.of("a", "b", "c").set().ofMinSize(1);
        return Combinators.combine(Arbitraries.of("m1", "m2", "m3", "m4", "m5").set().ofMinSize(1), topics.list().ofSize(5))
                .as((ms, ts) -> {
                    Map<String, Set<String>> out = new TreeMap<>();
                    int i = 0;
                    for (String m : ms) {
                        out.put(m, ts.get(i++));
                    }
                    return out;
                });
    }

    static Map<String, Set<String>> subs(List<String> members, String topic) {
        Map<String, Set<String>> out = new HashMap<>();
        members.forEach(m -> out.put(m, Set.of(topic)));
        return out;
    }

    static void assertCovers(Map<String, Set<TopicPartition>> a, Map<String, Integer> counts) {
        Set<TopicPartition> seen = new HashSet<>();
        a.values().forEach(ps -> ps.forEach(tp -> assertThat(seen.add(tp)).as("%s assigned twice", tp).isTrue()));
        Set<TopicPartition> expected = new HashSet<>();
        counts.forEach((t, c) -> {
            for (int p = 0; p < c; p++) {
                expected.add(new TopicPartition(t, p));
            }
        });
        assertThat(seen).isEqualTo(expected);
    }

    static void assertBalanced(Map<String, Set<TopicPartition>> a) {
        int min = a.values().stream().mapToInt(Set::size).min().orElse(0);
        int max = a.values().stream().mapToInt(Set::size).max().orElse(0);
        assertThat(max - min).isLessThanOrEqualTo(1);
    }

    /** Partitions that had an owner before and have a different one now. */
    static int moved(Map<String, Set<TopicPartition>> before, Map<String, Set<TopicPartition>> after) {
        Map<TopicPartition, String> owner = new HashMap<>();
        before.forEach((m, ps) -> ps.forEach(tp -> owner.put(tp, m)));
        int moved = 0;
        for (Map.Entry<String, Set<TopicPartition>> e : after.entrySet()) {
            for (TopicPartition tp : e.getValue()) {
                String was = owner.get(tp);
                if (was != null && !was.equals(e.getKey())) {
                    moved++;
                }
            }
        }
        return moved;
    }

    /**
     * The fewest previously owned partitions that must change owner: surviving members keep up to
     * their quota, the larger ones getting the ceiling quotas; partitions of departed members are
     * counted as moves too.
     */
    static int minimalMoves(Map<String, Set<TopicPartition>> before, List<String> members, int partitions) {
        int n = members.size();
        int floor = partitions / n;
        int ceilings = partitions % n;
        List<Integer> kept = new ArrayList<>();
        for (String m : members) {
            kept.add(before.getOrDefault(m, Set.of()).size());
        }
        kept.sort((x, y) -> y - x);
        int keep = 0;
        for (int i = 0; i < n; i++) {
            keep += Math.min(kept.get(i), i < ceilings ? floor + 1 : floor);
        }
        int previouslyOwned = before.values().stream().mapToInt(Set::size).sum();
        return previouslyOwned - keep;
    }
}
