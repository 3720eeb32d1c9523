package dev.tributary.reliability.checker;

import dev.tributary.reliability.history.Event;
import java.util.List;

/** One broken promise, with the events that show it. Immutable. */
public record Anomaly(AnomalyType type, String summary, List<Event> evidence) {
    public Anomaly {
        evidence = List.copyOf(evidence);
    }
}
