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
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * kind: produce                     # produce | end-to-end | catch-up | fetch-latency | storage-floor
 * partitions: 8                     # storage-floor: partitions one commit record covers
 * recordSize: 1024                  # value bytes
 * producers: 4
 * consumers: 0
 * rate: 0                           # records/s over all producers; 0 = as fast as possible
 * duration: 30s
 * warmup: 10s
 * backlogRecords: 300000            # catch-up: records produced before reading
 * logLengths: [1000, 10000, 100000] # fetch-latency: log lengths to measure at
 * samples: 200                      # fetch-latency: random fetches per log length
 * objectSizes: [64KiB, 1MiB, 8MiB]   # storage-floor: sizes of the raw S3 PUTs (bytes, or KiB/MiB)
 * concurrency: 4                     # storage-floor: PUTs and commits in flight; 0 = the server's max-concurrent-uploads
 * quick: {duration: 3s, warmup: 1s, backlogRecords: 30000, logLengths: [1000, 10000], samples: 40}
 * sweep: {parameter: partitions, values: [1, 10, 100, 1000], quickValues: [1, 100]}
 * </pre>
 *
 * A {@code sweep} runs the workload once per value of {@code partitions}, of
 * {@code producers}, or of a server setting named by its property key (any key under
 * {@code tributary.}, e.g. {@code tributary.produce.linger}); a server setting applies to
 * the systems that have it (the server restarts with it) and the other systems skip the
 * sweep. The {@code quick} block overrides fields in quick mode.
 *
 * <p>A {@code storage-floor} workload measures what the storage under Tributary can do by
 * itself: raw PUTs of each object size, then commit transactions of one log record of
 * {@code partitions} partitions plus a segment reference; systems without such storage skip it.
 */
public record Workload(String name, Kind kind, int partitions, int recordSize, int producers, int consumers,
                       int rate, Duration duration, Duration warmup, long backlogRecords, List<Long> logLengths,
                       int samples, List<Integer> objectSizes, int concurrency, Map<String, String> serverProperties,
                       String sweepParameter, List<String> sweepValues) {

    /** Prefix of the sweep parameters that are server settings rather than workload fields. */
    public static final String SERVER_PROPERTY_PREFIX = "tributary.";

    /** What a workload measures. */
    public enum Kind {
        PRODUCE, END_TO_END, CATCH_UP, FETCH_LATENCY, STORAGE_FLOOR;

        static Kind parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown kind '" + text + "' (use produce, end-to-end, catch-up, "
                        + "fetch-latency or storage-floor)");
            }
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
        if (sweepParameter != null && !sweepParameter.equals("partitions") && !sweepParameter.equals("producers")
                && !isServerProperty(sweepParameter)) {
            throw new IllegalArgumentException("workload " + name + ": sweep parameter must be partitions, producers "
                    + "or a server setting under '" + SERVER_PROPERTY_PREFIX + "', not '" + sweepParameter + "'");
        }
        if (sweepParameter != null && sweepValues.isEmpty()) {
            throw new IllegalArgumentException("workload " + name + ": a sweep needs at least one value");
        }
        if (kind == Kind.STORAGE_FLOOR && (objectSizes.isEmpty() || objectSizes.stream().anyMatch(s -> s < 1))) {
            throw new IllegalArgumentException("workload " + name + ": storage-floor needs objectSizes, each >= 1 byte");
        }
        if (concurrency < 0) {
            throw new IllegalArgumentException("workload " + name + ": concurrency must be >= 0");
        }
        logLengths = List.copyOf(logLengths);
        objectSizes = List.copyOf(objectSizes);
        serverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(serverProperties));
        sweepValues = List.copyOf(sweepValues);
    }

    /** Whether a sweep parameter names a server setting rather than a workload field. */
    public static boolean isServerProperty(String parameter) {
        return parameter.startsWith(SERVER_PROPERTY_PREFIX) && parameter.length() > SERVER_PROPERTY_PREFIX.length();
    }

    /**
     * This workload with the sweep parameter set to {@code value}: a workload field, or a
     * server setting added to {@link #serverProperties()}.
     *
     * @throws IllegalArgumentException if a workload field's value is not a whole number
     */
    public Workload with(String parameter, String value) {
        if (isServerProperty(parameter)) {
            Map<String, String> properties = new LinkedHashMap<>(serverProperties);
            properties.put(parameter, value);
            return new Workload(name, kind, partitions, recordSize, producers, consumers, rate, duration, warmup,
                    backlogRecords, logLengths, samples, objectSizes, concurrency, properties, null, List.of());
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("workload " + name + ": " + parameter + " must be a whole number, got '"
                    + value + "'");
        }
        return switch (parameter) {
            case "partitions" -> new Workload(name, kind, n, recordSize, producers, consumers, rate, duration,
                    warmup, backlogRecords, logLengths, samples, objectSizes, concurrency, serverProperties, null, List.of());
            case "producers" -> new Workload(name, kind, partitions, recordSize, n, consumers, rate, duration,
                    warmup, backlogRecords, logLengths, samples, objectSizes, concurrency, serverProperties, null, List.of());
            default -> throw new IllegalArgumentException("workload " + name + ": cannot sweep " + parameter);
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
        List<String> sweepValues = List.of();
        if (sweep != null) {
            Object values = quick && sweep.containsKey("quickValues") ? sweep.get("quickValues") : sweep.get("values");
            sweepValues = strings("sweep values", values);
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
                strings("objectSizes", f.raw("objectSizes")).stream().map(Workload::size).toList(),
                (int) f.number("concurrency", 0),
                Map.of(),
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

    /** Parses a byte count: {@code 65536}, {@code 64KiB}, {@code 8MiB}. */
    static int size(String text) {
        String t = text.trim();
        long unit = 1;
        if (t.endsWith("KiB")) {
            unit = 1024;
        } else if (t.endsWith("MiB")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 3).trim();
        try {
            long bytes = Long.parseLong(digits) * unit;
            if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size '" + text + "' (use a positive byte count, KiB or MiB, "
                    + "below 2 GiB)");
        }
    }

    private static List<String> strings(String what, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(what + ": expected a list, got " + value);
        }
        return list.stream().map(String::valueOf).toList();
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
