package dev.tributary.reliability.checker;

import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.Event.Assigned;
import dev.tributary.reliability.history.Event.CommitAccepted;
import dev.tributary.reliability.history.Event.CommittedObserved;
import dev.tributary.reliability.history.Event.Released;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks consumer-group promises on a history: a partition is owned by at most one member at a
 * time; a commit is accepted only from the partition's owner; a group's committed offsets never
 * move backwards (the workloads never seek back).
 *
 * <p>Ownership is what members observed: from {@link Assigned} to {@link Released}. A paused or
 * crashed member is recorded as released when it stops, so a zombie that wakes up and still
 * believes it owns its partitions owns nothing as far as the checker is concerned; any commit it
 * gets accepted is an anomaly. A member's commit counts from the moment it was sent. Stateless
 * and thread-safe.
 */
public final class GroupChecker {

    public List<Anomaly> check(List<Event> history) {
        List<Anomaly> anomalies = new ArrayList<>();
        // group topic/partition -> member -> the Assigned event of its open ownership
        Map<String, Map<String, Assigned>> owners = new HashMap<>();
        // member + partition -> list of [from, to) ownership intervals
        Map<String, List<long[]>> intervals = new HashMap<>();
        for (Event e : history) {
            if (e instanceof Assigned a) {
                Map<String, Assigned> current = owners.computeIfAbsent(key(a.group(), a.topic(), a.partition()), k -> new HashMap<>());
                for (Assigned other : current.values()) {
                    if (!other.process().equals(a.process())) {
                        anomalies.add(new Anomaly(AnomalyType.DOUBLE_OWNERSHIP, key(a.group(), a.topic(), a.partition())
                                + " given to " + a.process() + " while " + other.process() + " owned it", List.of(other, a)));
                    }
                }
                if (current.putIfAbsent(a.process(), a) == null) {
                    intervals.computeIfAbsent(memberKey(a.process(), a.group(), a.topic(), a.partition()), k -> new ArrayList<>())
                            .add(new long[] {a.seq(), Long.MAX_VALUE});
                }
            } else if (e instanceof Released r) {
                Map<String, Assigned> current = owners.get(key(r.group(), r.topic(), r.partition()));
                if (current != null && current.remove(r.process()) != null) {
                    List<long[]> list = intervals.get(memberKey(r.process(), r.group(), r.topic(), r.partition()));
                    list.get(list.size() - 1)[1] = r.seq();
                }
            }
        }
        Map<String, List<Fact>> facts = new HashMap<>();
        for (Event e : history) {
            if (e instanceof CommitAccepted c) {
                List<long[]> own = intervals.getOrDefault(memberKey(c.process(), c.group(), c.topic(), c.partition()), List.of());
                boolean owned = own.stream().anyMatch(i -> i[0] <= c.invokedSeq() && c.invokedSeq() < i[1]);
                if (!owned) {
                    anomalies.add(new Anomaly(AnomalyType.FENCED_COMMIT_ACCEPTED, c.process() + " committed "
                            + key(c.group(), c.topic(), c.partition()) + "=" + c.offset() + " without owning it", List.of(c)));
                }
                facts.computeIfAbsent(key(c.group(), c.topic(), c.partition()), k -> new ArrayList<>())
                        .add(new Fact(c.invokedSeq(), c.seq(), c.offset(), c));
            } else if (e instanceof CommittedObserved o) {
                facts.computeIfAbsent(key(o.group(), o.topic(), o.partition()), k -> new ArrayList<>())
                        .add(new Fact(o.invokedSeq(), o.seq(), o.offset(), o));
            }
        }
        facts.forEach((key, list) -> checkNeverBackwards(key, list, anomalies));
        return anomalies;
    }

    /** A committed offset known to hold between the request's start and its answer. */
    private record Fact(long start, long end, long offset, Event event) {
    }

    /**
     * A fact that began after another ended must not show a smaller offset: commits and reads of
     * the committed offset are linearizable, and the workloads only commit forward.
     */
    private static void checkNeverBackwards(String key, List<Fact> facts, List<Anomaly> anomalies) {
        List<Fact> byEnd = new ArrayList<>(facts);
        byEnd.sort(java.util.Comparator.comparingLong(Fact::end));
        List<Fact> byStart = new ArrayList<>(facts);
        byStart.sort(java.util.Comparator.comparingLong(Fact::start));
        Fact highest = null;
        int i = 0;
        for (Fact f : byStart) {
            while (i < byEnd.size() && byEnd.get(i).end() < f.start()) {
                Fact done = byEnd.get(i++);
                if (highest == null || done.offset() > highest.offset()) {
                    highest = done;
                }
            }
            if (highest != null && f.offset() < highest.offset()) {
                anomalies.add(new Anomaly(AnomalyType.COMMITTED_BACKWARDS, key + " committed offset went from "
                        + highest.offset() + " to " + f.offset(), List.of(highest.event(), f.event())));
            }
        }
    }

    private static String key(String group, String topic, int partition) {
        return group + ":" + topic + "/" + partition;
    }

    private static String memberKey(String member, String group, String topic, int partition) {
        return member + " " + key(group, topic, partition);
    }
}
