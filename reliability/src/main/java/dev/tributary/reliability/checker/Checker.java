package dev.tributary.reliability.checker;

import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs every check on a history and counts what happened. Stateless and thread-safe. */
public final class Checker {
    private final QueueChecker queue = new QueueChecker();
    private final GroupChecker groups = new GroupChecker();

    public CheckResult check(History history) {
        return check(history.events());
    }

    public CheckResult check(List<Event> events) {
        List<Anomaly> anomalies = new ArrayList<>(queue.check(events));
        anomalies.addAll(groups.check(events));
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> faults = new HashMap<>();
        Set<String> readValues = new HashSet<>();
        Set<String> ambiguous = new HashSet<>();
        for (Event e : events) {
            if (e instanceof Event.SendAmbiguous s) {
                ambiguous.add(s.value());
            } else if (e instanceof Event.Read r) {
                readValues.add(r.value());
            } else if (e instanceof Event.FaultInjected f) {
                faults.merge(f.kind(), 1L, Long::sum);
            }
            String name = name(e);
            if (name != null) {
                counts.merge(name, 1L, Long::sum);
            }
        }
        ambiguous.retainAll(readValues);
        counts.put("ambiguous, found stored", (long) ambiguous.size());
        counts.put("distinct values read", (long) readValues.size());
        counts.put("ownership overlaps, old owner cut off", (long) groups.unconfirmedOverlaps(events));
        return new CheckResult(ordered(counts), faults, anomalies);
    }

    private static String name(Event e) {
        if (e instanceof Event.SendInvoked) {
            return "sends";
        } else if (e instanceof Event.SendAcked) {
            return "acknowledged";
        } else if (e instanceof Event.SendFailed) {
            return "refused (definite)";
        } else if (e instanceof Event.SendAmbiguous) {
            return "ambiguous";
        } else if (e instanceof Event.Read) {
            return "reads";
        } else if (e instanceof Event.ReadStarted) {
            return "reader sessions";
        } else if (e instanceof Event.Assigned) {
            return "assignments";
        } else if (e instanceof Event.Released) {
            return "releases";
        } else if (e instanceof Event.CommitAccepted) {
            return "commits accepted";
        } else if (e instanceof Event.CommitRejected) {
            return "commits rejected";
        } else if (e instanceof Event.CommittedObserved) {
            return "committed offsets observed";
        }
        return null;
    }

    private static Map<String, Long> ordered(Map<String, Long> counts) {
        List<String> order = List.of("sends", "acknowledged", "refused (definite)", "ambiguous", "ambiguous, found stored",
                "reader sessions", "reads", "distinct values read", "assignments", "releases", "commits accepted",
                "commits rejected", "committed offsets observed", "ownership overlaps, old owner cut off");
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : order) {
            out.put(k, counts.getOrDefault(k, 0L));
        }
        return out;
    }
}
