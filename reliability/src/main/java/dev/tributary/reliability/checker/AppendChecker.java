package dev.tributary.reliability.checker;

import dev.tributary.reliability.history.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Conditional appends: every acknowledged value of an append sits exactly where the append
 * expected it ({@code expectedOffset + i}). That two appends racing on one expectation never
 * both succeed follows: they would share an offset, which the queue checker reports as an
 * inconsistent offset. Stateless.
 */
final class AppendChecker {
    private AppendChecker() {
    }

    static List<Anomaly> check(List<Event> events) {
        Map<String, Long> expected = new HashMap<>();
        Map<String, Event> invoked = new HashMap<>();
        for (Event e : events) {
            if (e instanceof Event.AppendInvoked a) {
                for (int i = 0; i < a.values().size(); i++) {
                    expected.put(a.values().get(i), a.expectedOffset() + i);
                    invoked.put(a.values().get(i), a);
                }
            }
        }
        List<Anomaly> anomalies = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.SendAcked ack && expected.containsKey(ack.value())
                    && ack.offset() != expected.get(ack.value())) {
                anomalies.add(new Anomaly(AnomalyType.APPEND_NOT_AT_EXPECTED_OFFSET, ack.value() + " expected at "
                        + expected.get(ack.value()) + ", acknowledged at " + ack.offset(), List.of(invoked.get(ack.value()), ack)));
            }
        }
        return anomalies;
    }
}
