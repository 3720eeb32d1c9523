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
 * time, as far as the service is concerned (two members' observed ownerships may overlap while
 * the older one is cut off and has not yet learned it was expired; the service must not accept
 * its commits then); a commit is accepted only from the partition's owner; a group's committed offsets never
 * move backwards (the workloads never seek back).
 *
 * <p>Ownership is what members observed: from {@link Assigned} to {@link Released}. A paused or
 * crashed member is recorded as released when it stops, so a zombie that wakes up and still
 * believes it owns its partitions owns nothing as far as the checker is concerned; any commit it
 * gets accepted is an anomaly. A member's commit counts from the moment it was sent. Stateless
 * and thread-safe.
 */
public final class GroupChecker {

    /** One member's ownership of one partition, as it observed it: [from, to) in sequence numbers. */
    private record Ownership(String member, String key, Assigned assigned, long from, long[] to) {
        boolean contains(long seq) {
            return from <= seq && seq < to[0];
        }
    }

    public List<Anomaly> check(List<Event> history) {
        return run(history, null);
    }

    /**
     * Overlaps of two members' observed ownership that the service never confirmed: the older
     * owner was cut off (its server killed or paused, its heartbeats failing) and got no commit
     * accepted after the newer owner took over. Expected under faults; not an anomaly.
     */
    public int unconfirmedOverlaps(List<Event> history) {
        int[] count = {0};
        run(history, count);
        return count[0];
    }

    private List<Anomaly> run(List<Event> history, int[] unconfirmed) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, Ownership> open = new HashMap<>();
        Map<String, List<Ownership>> byKey = new HashMap<>();
        Map<String, List<Ownership>> byMemberKey = new HashMap<>();
        for (Event e : history) {
            if (e instanceof Assigned a) {
                String key = key(a.group(), a.topic(), a.partition());
                String mk = memberKey(a.process(), a.group(), a.topic(), a.partition());
                if (!open.containsKey(mk)) {
                    Ownership o = new Ownership(a.process(), key, a, a.seq(), new long[] {Long.MAX_VALUE});
                    open.put(mk, o);
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
                    byMemberKey.computeIfAbsent(mk, k -> new ArrayList<>()).add(o);
                }
            } else if (e instanceof Released r) {
                Ownership o = open.remove(memberKey(r.process(), r.group(), r.topic(), r.partition()));
                if (o != null) {
                    o.to()[0] = r.seq();
                }
            }
        }
        Map<String, List<CommitAccepted>> commits = new HashMap<>();
        for (Event e : history) {
            if (e instanceof CommitAccepted c) {
                commits.computeIfAbsent(memberKey(c.process(), c.group(), c.topic(), c.partition()), k -> new ArrayList<>()).add(c);
            }
        }
        // Two observed owners at once: an anomaly when the service confirmed the older one (accepted
        // its commit) after the newer one had been given the partition.
        byKey.forEach((key, owners) -> {
            for (Ownership older : owners) {
                for (Ownership newer : owners) {
                    if (older.member().equals(newer.member()) || !older.contains(newer.from())) {
                        continue;
                    }
                    CommitAccepted confirmed = commits.getOrDefault(older.member() + " " + key, List.of()).stream()
                            .filter(c -> c.invokedSeq() > newer.from() && older.contains(c.invokedSeq()) && newer.contains(c.invokedSeq()))
                            .findFirst().orElse(null);
                    if (confirmed != null) {
                        anomalies.add(new Anomaly(AnomalyType.DOUBLE_OWNERSHIP, key + " given to " + newer.member() + " while "
                                + older.member() + " still had commits accepted", List.of(older.assigned(), newer.assigned(), confirmed)));
                    } else if (unconfirmed != null) {
                        unconfirmed[0]++;
                    }
                }
            }
        });
        for (List<CommitAccepted> list : commits.values()) {
            for (CommitAccepted c : list) {
                List<Ownership> own = byMemberKey.getOrDefault(memberKey(c.process(), c.group(), c.topic(), c.partition()), List.of());
                if (own.stream().noneMatch(o -> o.contains(c.invokedSeq()))) {
                    anomalies.add(new Anomaly(AnomalyType.FENCED_COMMIT_ACCEPTED, c.process() + " committed "
                            + key(c.group(), c.topic(), c.partition()) + "=" + c.offset() + " without owning it", List.of(c)));
                }
            }
        }
        Map<String, List<Fact>> facts = new HashMap<>();
        for (Event e : history) {
            if (e instanceof CommitAccepted c) {
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
