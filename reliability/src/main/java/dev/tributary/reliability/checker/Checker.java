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
        anomalies.addAll(AppendChecker.check(events));
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

    /** Report names of the counted event types, in report order. */
    private static final Map<Class<? extends Event>, String> NAMES = names();

    private static Map<Class<? extends Event>, String> names() {
        Map<Class<? extends Event>, String> names = new LinkedHashMap<>();
        names.put(Event.SendInvoked.class, "sends");
        names.put(Event.AppendInvoked.class, "conditional appends");
        names.put(Event.SendAcked.class, "acknowledged");
        names.put(Event.SendFailed.class, "refused (definite)");
        names.put(Event.SendAmbiguous.class, "ambiguous");
        names.put(Event.ReadStarted.class, "reader sessions");
        names.put(Event.Read.class, "reads");
        names.put(Event.Assigned.class, "assignments");
        names.put(Event.Released.class, "releases");
        names.put(Event.CommitAccepted.class, "commits accepted");
        names.put(Event.CommitRejected.class, "commits rejected");
        names.put(Event.CommittedObserved.class, "committed offsets observed");
        return names;
    }

    private static String name(Event e) {
        return NAMES.get(e.getClass());
    }

    private static Map<String, Long> ordered(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : NAMES.values()) {
            out.put(k, counts.getOrDefault(k, 0L));
            if (k.equals("ambiguous")) {
                out.put("ambiguous, found stored", counts.getOrDefault("ambiguous, found stored", 0L));
            } else if (k.equals("reads")) {
                out.put("distinct values read", counts.getOrDefault("distinct values read", 0L));
            }
        }
        counts.forEach(out::putIfAbsent);
        return out;
    }
}
