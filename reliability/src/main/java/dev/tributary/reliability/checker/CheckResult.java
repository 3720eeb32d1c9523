package dev.tributary.reliability.checker;

import dev.tributary.reliability.history.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a check found: counts of what happened and every anomaly with its evidence. Immutable.
 *
 * @param counts operation counts in report order (sends, acks, ambiguous, reads, ...)
 * @param faults injected faults by kind
 * @param anomalies every anomaly found
 */
public record CheckResult(Map<String, Long> counts, Map<String, Long> faults, List<Anomaly> anomalies) {
    public CheckResult {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        faults = java.util.Collections.unmodifiableMap(new TreeMap<>(faults));
        anomalies = List.copyOf(anomalies);
    }

    /** The same result with more injected faults counted (faults recorded outside the history). */
    public CheckResult withFaults(Map<String, Long> more) {
        Map<String, Long> merged = new TreeMap<>(faults);
        more.forEach((k, v) -> merged.merge(k, v, Long::sum));
        return new CheckResult(counts, merged, anomalies);
    }

    /** How many anomalies of one type. */
    public long count(AnomalyType type) {
        return anomalies.stream().filter(a -> a.type() == type).count();
    }

    /** True when nothing was broken. */
    public boolean valid() {
        return anomalies.isEmpty();
    }

    /** The summary table (Markdown): counts, faults, then one line per anomaly type. */
    public String table() {
        StringBuilder b = new StringBuilder("| measure | count |\n|---|---:|\n");
        counts.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        faults.forEach((k, v) -> b.append("| fault: ").append(k).append(" | ").append(v).append(" |\n"));
        Map<AnomalyType, Long> byType = new EnumMap<>(AnomalyType.class);
        for (AnomalyType t : AnomalyType.values()) {
            byType.put(t, count(t));
        }
        byType.forEach((t, n) -> b.append("| **").append(t.name().toLowerCase()).append("** (")
                .append(t.description()).append(") | ").append(n).append(" |\n"));
        return b.toString();
    }

    /** Every anomaly with its evidence, one event per line; "no anomalies" when valid. */
    public String anomalyReport() {
        if (valid()) {
            return "no anomalies\n";
        }
        StringBuilder b = new StringBuilder();
        for (Anomaly a : anomalies) {
            b.append(a.type()).append(": ").append(a.summary()).append('\n');
            for (Event e : a.evidence()) {
                b.append("    ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Writes {@code summary.md} (the table) and {@code anomalies.txt} into {@code dir}, and
     * {@code history.txt} (every event) when the history is given.
     */
    public void writeTo(Path dir, List<Event> history) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("summary.md"), table(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("anomalies.txt"), anomalyReport(), StandardCharsets.UTF_8);
            if (history != null) {
                List<String> lines = new ArrayList<>(history.size());
                history.forEach(e -> lines.add(e.toString()));
                Files.write(dir.resolve("history.txt"), lines, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }
}
