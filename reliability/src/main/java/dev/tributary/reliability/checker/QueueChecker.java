package dev.tributary.reliability.checker;

import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.Event.Read;
import dev.tributary.reliability.history.Event.ReadStarted;
import dev.tributary.reliability.history.Event.SendAcked;
import dev.tributary.reliability.history.Event.SendFailed;
import dev.tributary.reliability.history.Event.SendInvoked;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the log's promises on a history, after Jepsen's queue checker: every acknowledged
 * record is read, at the offset it was acknowledged at, once; an offset holds one value;
 * a producer's records keep their send order per partition; a reader session sees dense,
 * increasing offsets; nothing is read that was not sent. An ambiguous send may be present or
 * absent, but not twice. Assumes values are unique per run and that the history ends with a
 * complete read of every partition. Stateless and thread-safe.
 */
public final class QueueChecker {

    /** A position in the log. */
    record Position(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "/" + partition + "@" + offset;
        }
    }

    public List<Anomaly> check(List<Event> history) {
        Map<String, SendInvoked> invoked = new HashMap<>();
        Map<String, SendAcked> acked = new LinkedHashMap<>();
        Map<String, SendFailed> failed = new HashMap<>();
        Map<String, List<Read>> readsByValue = new HashMap<>();
        Map<Position, Set<String>> valuesAt = new LinkedHashMap<>();
        Map<Position, List<Event>> evidenceAt = new HashMap<>();
        for (Event e : history) {
            if (e instanceof SendInvoked s) {
                invoked.put(s.value(), s);
            } else if (e instanceof SendAcked a) {
                acked.put(a.value(), a);
                observe(valuesAt, evidenceAt, new Position(a.topic(), a.partition(), a.offset()), a.value(), a);
            } else if (e instanceof SendFailed f) {
                failed.put(f.value(), f);
            } else if (e instanceof Read r) {
                readsByValue.computeIfAbsent(r.value(), v -> new ArrayList<>()).add(r);
                observe(valuesAt, evidenceAt, new Position(r.topic(), r.partition(), r.offset()), r.value(), r);
            }
        }
        List<Anomaly> anomalies = new ArrayList<>();
        valuesAt.forEach((position, values) -> {
            if (values.size() > 1) {
                anomalies.add(new Anomaly(AnomalyType.INCONSISTENT_OFFSET,
                        position + " observed holding " + values, evidenceAt.get(position)));
            }
        });
        for (Map.Entry<String, List<Read>> entry : readsByValue.entrySet()) {
            String value = entry.getKey();
            Set<Position> positions = new LinkedHashSet<>();
            entry.getValue().forEach(r -> positions.add(new Position(r.topic(), r.partition(), r.offset())));
            List<Event> evidence = new ArrayList<>();
            if (invoked.containsKey(value)) {
                evidence.add(invoked.get(value));
            }
            if (acked.containsKey(value)) {
                evidence.add(acked.get(value));
            }
            evidence.addAll(firstReadAt(entry.getValue()));
            if (positions.size() > 1) {
                anomalies.add(new Anomaly(AnomalyType.DUPLICATED, value + " read at " + positions, evidence));
            }
            SendAcked ack = acked.get(value);
            if (ack != null && positions.size() == 1
                    && !positions.contains(new Position(ack.topic(), ack.partition(), ack.offset()))) {
                anomalies.add(new Anomaly(AnomalyType.INCONSISTENT_OFFSET, value + " acknowledged at "
                        + new Position(ack.topic(), ack.partition(), ack.offset()) + " but read at " + positions, evidence));
            }
            if (!invoked.containsKey(value)) {
                anomalies.add(new Anomaly(AnomalyType.UNEXPECTED, value + " was never sent", evidence));
            } else if (failed.containsKey(value)) {
                evidence.add(failed.get(value));
                anomalies.add(new Anomaly(AnomalyType.UNEXPECTED, value + " was refused but is stored", evidence));
            }
        }
        for (SendAcked ack : acked.values()) {
            if (!readsByValue.containsKey(ack.value())) {
                List<Event> evidence = new ArrayList<>();
                if (invoked.containsKey(ack.value())) {
                    evidence.add(invoked.get(ack.value()));
                }
                evidence.add(ack);
                evidence.addAll(evidenceAt.getOrDefault(new Position(ack.topic(), ack.partition(), ack.offset()), List.of())
                        .stream().filter(e -> e != ack).toList());
                anomalies.add(new Anomaly(AnomalyType.LOST, ack.value() + " acknowledged at "
                        + new Position(ack.topic(), ack.partition(), ack.offset()) + " was never read", evidence));
            }
        }
        checkSendOrder(history, invoked, anomalies);
        checkReaders(history, anomalies);
        return anomalies;
    }

    private static void observe(Map<Position, Set<String>> valuesAt, Map<Position, List<Event>> evidenceAt,
                                Position position, String value, Event e) {
        valuesAt.computeIfAbsent(position, p -> new LinkedHashSet<>()).add(value);
        List<Event> evidence = evidenceAt.computeIfAbsent(position, p -> new ArrayList<>());
        if (evidence.size() < 8) {
            evidence.add(e);
        }
    }

    private static List<Read> firstReadAt(List<Read> reads) {
        List<Read> firsts = new ArrayList<>();
        Set<Position> seen = new LinkedHashSet<>();
        for (Read r : reads) {
            if (seen.add(new Position(r.topic(), r.partition(), r.offset()))) {
                firsts.add(r);
            }
        }
        return firsts;
    }

    /** Per producer and partition, acknowledged offsets must grow in the order the sends were made. */
    private static void checkSendOrder(List<Event> history, Map<String, SendInvoked> invoked, List<Anomaly> anomalies) {
        Map<String, List<SendAcked>> byProducerPartition = new HashMap<>();
        for (Event e : history) {
            if (e instanceof SendAcked a) {
                byProducerPartition.computeIfAbsent(a.process() + " " + a.topic() + "/" + a.partition(),
                        k -> new ArrayList<>()).add(a);
            }
        }
        byProducerPartition.forEach((key, acks) -> {
            acks.sort((x, y) -> Long.compare(invokedSeq(invoked, x), invokedSeq(invoked, y)));
            for (int i = 1; i < acks.size(); i++) {
                if (acks.get(i).offset() <= acks.get(i - 1).offset()) {
                    anomalies.add(new Anomaly(AnomalyType.NONMONOTONIC_SEND, key + ": " + acks.get(i).value()
                            + " was sent after " + acks.get(i - 1).value() + " but stored before it",
                            List.of(acks.get(i - 1), acks.get(i))));
                }
            }
        });
    }

    private static long invokedSeq(Map<String, SendInvoked> invoked, SendAcked ack) {
        SendInvoked s = invoked.get(ack.value());
        return s == null ? ack.seq() : s.seq();
    }

    /** Within a reader session, offsets of a partition are dense and increasing from where it started. */
    private static void checkReaders(List<Event> history, List<Anomaly> anomalies) {
        Map<String, Event> last = new HashMap<>();
        for (Event e : history) {
            if (e instanceof ReadStarted s) {
                last.put(s.process() + " " + s.topic() + "/" + s.partition(), s);
            } else if (e instanceof Read r) {
                String key = r.process() + " " + r.topic() + "/" + r.partition();
                Event previous = last.put(key, r);
                long expected;
                if (previous instanceof Read p) {
                    expected = p.offset() + 1;
                } else if (previous instanceof ReadStarted s && s.fromOffset() >= 0) {
                    expected = s.fromOffset();
                } else {
                    continue;
                }
                if (r.offset() < expected) {
                    anomalies.add(new Anomaly(AnomalyType.NONMONOTONIC_POLL, key + " read offset " + r.offset()
                            + " after expecting " + expected, List.of(previous, r)));
                } else if (r.offset() > expected) {
                    anomalies.add(new Anomaly(AnomalyType.POLL_SKIP, key + " skipped offsets " + expected + " to "
                            + (r.offset() - 1), List.of(previous, r)));
                }
            }
        }
    }
}
