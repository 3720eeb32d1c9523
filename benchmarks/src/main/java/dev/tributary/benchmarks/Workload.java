package dev.tributary.benchmarks;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One benchmark workload, read from a small YAML file (see {@code benchmarks/workloads/}).
 * Immutable.
 *
 * <pre>
 * name: max-produce-throughput      # defaults to the file name
 * kind: produce                     # produce | end-to-end | catch-up | fetch-latency
 * partitions: 8
 * recordSize: 1024                  # value bytes
 * producers: 4
 * consumers: 0
 * rate: 0                           # records/s over all producers; 0 = as fast as possible
 * duration: 30s
 * warmup: 10s
 * backlogRecords: 300000            # catch-up: records produced before reading
 * logLengths: [1000, 10000, 100000] # fetch-latency: log lengths to measure at
 * samples: 200                      # fetch-latency: random fetches per log length
 * quick: {duration: 3s, warmup: 1s, backlogRecords: 30000, logLengths: [1000, 10000], samples: 40}
 * sweep: {parameter: partitions, values: [1, 10, 100, 1000], quickValues: [1, 100]}
 * </pre>
 *
 * A {@code sweep} runs the workload once per value of {@code partitions} or
 * {@code producers}; the {@code quick} block overrides fields in quick mode.
 */
public record Workload(String name, Kind kind, int partitions, int recordSize, int producers, int consumers,
                       int rate, Duration duration, Duration warmup, long backlogRecords, List<Long> logLengths,
                       int samples, String sweepParameter, List<Integer> sweepValues) {

    /** What a workload measures. */
    public enum Kind {
        PRODUCE, END_TO_END, CATCH_UP, FETCH_LATENCY;

        static Kind parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public Workload {
        if (partitions < 1 || recordSize < 8 || producers < 1 || consumers < 0 || rate < 0) {
            throw new IllegalArgumentException("workload " + name + ": partitions and producers must be >= 1, "
                    + "recordSize >= 8 (it carries a timestamp), consumers and rate >= 0");
        }
        if ((kind == Kind.END_TO_END || kind == Kind.CATCH_UP) && consumers < 1) {
            throw new IllegalArgumentException("workload " + name + ": " + kind + " needs consumers >= 1");
        }
        if (sweepParameter != null && !sweepParameter.equals("partitions") && !sweepParameter.equals("producers")) {
            throw new IllegalArgumentException("workload " + name + ": sweep parameter must be partitions or producers");
        }
        logLengths = List.copyOf(logLengths);
        sweepValues = List.copyOf(sweepValues);
    }

    /** This workload with the sweep parameter set to {@code value}. */
    public Workload with(String parameter, int value) {
        return switch (parameter) {
            case "partitions" -> new Workload(name, kind, value, recordSize, producers, consumers, rate, duration,
                    warmup, backlogRecords, logLengths, samples, null, List.of());
            case "producers" -> new Workload(name, kind, partitions, recordSize, value, consumers, rate, duration,
                    warmup, backlogRecords, logLengths, samples, null, List.of());
            default -> throw new IllegalArgumentException(parameter);
        };
    }

    /** Parses one workload; {@code quick} applies the file's {@code quick} overrides. */
    public static Workload parse(String yaml, String defaultName, boolean quick) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(loaded instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("workload " + defaultName + ": expected a YAML mapping");
        }
        Map<?, ?> overrides = quick && root.get("quick") instanceof Map<?, ?> q ? q : Map.of();
        Fields f = new Fields(root, overrides);
        Map<?, ?> sweep = root.get("sweep") instanceof Map<?, ?> s ? s : null;
        String sweepParameter = sweep == null ? null : String.valueOf(sweep.get("parameter"));
        List<Integer> sweepValues = List.of();
        if (sweep != null) {
            Object values = quick && sweep.containsKey("quickValues") ? sweep.get("quickValues") : sweep.get("values");
            sweepValues = longs(values).stream().map(Long::intValue).toList();
        }
        return new Workload(
                f.string("name", defaultName),
                Kind.parse(f.string("kind", "produce")),
                (int) f.number("partitions", 1),
                (int) f.number("recordSize", 1024),
                (int) f.number("producers", 1),
                (int) f.number("consumers", 0),
                (int) f.number("rate", 0),
                duration(f.string("duration", "10s")),
                duration(f.string("warmup", "0s")),
                f.number("backlogRecords", 0),
                longs(f.raw("logLengths")),
                (int) f.number("samples", 100),
                sweepParameter, sweepValues);
    }

    /** Loads every {@code *.yaml} in a directory, sorted by file name. */
    public static List<Workload> loadAll(Path directory, boolean quick) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Workload> workloads = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String base = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                workloads.add(parse(Files.readString(file), base.replaceFirst("^\\d+-", ""), quick));
            }
            return workloads;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1).trim());
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> throw new IllegalArgumentException("bad duration '" + text + "' (use ms, s or m)");
        };
    }

    private static List<Long> longs(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a list, got " + value);
        }
        return list.stream().map(v -> ((Number) v).longValue()).toList();
    }

    private record Fields(Map<?, ?> root, Map<?, ?> overrides) {
        Object raw(String key) {
            return overrides.containsKey(key) ? overrides.get(key) : root.get(key);
        }

        String string(String key, String fallback) {
            Object v = raw(key);
            return v == null ? fallback : String.valueOf(v);
        }

        long number(String key, long fallback) {
            Object v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Number n) {
                return n.longValue();
            }
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }
}
