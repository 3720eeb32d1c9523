package dev.tributary.benchmarks.report;

import dev.tributary.benchmarks.Result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The storage engine's speed, cost and scale targets, checked against one run's results:
 * Tributary against Kafka in the same run and against the storage floor (raw S3 PUTs and
 * DynamoDB commits measured in the same run). A target whose inputs are missing from the run
 * (a workload filtered out, a system not run) is reported as not measured. Stateless.
 *
 * <p>The workloads are found by the names of the shipped workload files; the settings sweep's
 * last point is taken as the cost-favouring setting (its values ascend).
 */
public final class Targets {
    static final String MAX_PRODUCE = "max-produce-throughput";
    static final String FIXED_RATE = "fixed-rate-latency";
    static final String CATCH_UP = "catch-up-read";
    static final String END_TO_END = "end-to-end-latency";
    static final String PARTITION_SCALING = "partition-scaling";
    static final String STORAGE_FLOOR = "storage-floor";
    static final String LINGER_KNOB = "linger-knob";

    static final String PRODUCE_MB = "produce MB/s";
    static final String COST = "request $ per GiB ingested";
    static final String WRU = "DynamoDB WRU per GiB ingested";
    static final String PUT_MB = "PUT MB/s";
    static final String PUT_P99 = "PUT latency p99 ms";
    static final String COMMIT_P99 = "commit latency p99 ms";
    static final String AVERAGE_SEGMENT_KIB = "average segment KiB";

    private static final String TRIBUTARY = "tributary";
    private static final String KAFKA = "kafka";

    private Targets() {
    }

    /** Whether a target holds in this run. */
    public enum Verdict { MET, MISSED, NOT_MEASURED }

    /** One target: what it asks, what was measured (with its inputs), and the verdict. */
    public record Row(String target, String measured, Verdict verdict) {
    }

    /** Every target, in the order. */
    public static List<Row> evaluate(List<Result> results) {
        Finder f = new Finder(results);
        List<Row> rows = new ArrayList<>();

        Optional<Double> maxT = f.metric(MAX_PRODUCE, "", TRIBUTARY, PRODUCE_MB);
        Optional<Double> maxK = f.metric(MAX_PRODUCE, "", KAFKA, PRODUCE_MB);
        rows.add(atLeast("max produce ≥ 0.5× Kafka", maxT, maxK, 0.5, "MB/s", "Kafka"));

        Optional<Result> bestPut = f.all(STORAGE_FLOOR, TRIBUTARY).stream()
                .filter(r -> r.metrics().containsKey(PUT_MB))
                .max(Comparator.comparingDouble(r -> r.metrics().get(PUT_MB)));
        rows.add(atLeast("max produce ≥ 0.8× the S3 floor's PUT throughput", maxT,
                bestPut.map(r -> r.metrics().get(PUT_MB)), 0.8, "MB/s",
                "floor" + bestPut.map(r -> " (" + r.variant() + ")").orElse("")));

        Optional<Double> p10 = f.metric(PARTITION_SCALING, "partitions=10", TRIBUTARY, PRODUCE_MB);
        Optional<Double> p1000 = f.metric(PARTITION_SCALING, "partitions=1000", TRIBUTARY, PRODUCE_MB);
        rows.add(atLeast("1,000 partitions: throughput ≥ 0.6× 10 partitions", p1000, p10, 0.6, "MB/s",
                "10 partitions"));
        Optional<Double> w10 = f.metric(PARTITION_SCALING, "partitions=10", TRIBUTARY, WRU);
        Optional<Double> w1000 = f.metric(PARTITION_SCALING, "partitions=1000", TRIBUTARY, WRU);
        rows.add(atMostRatio("1,000 partitions: DynamoDB WRU per GiB ≤ 2× 10 partitions", w1000, w10, 2.0,
                "WRU/GiB", "10 partitions"));

        rows.add(publishVsFloor(f));

        Optional<Double> e2e = f.metric(END_TO_END, "", TRIBUTARY, "end-to-end latency p50 ms");
        Optional<Double> e2ePublish = f.metric(END_TO_END, "", TRIBUTARY, "publish latency p50 ms");
        rows.add(atMostPlus("end-to-end p50 ≤ publish p50 + 15 ms (2,000 records/s)", e2e, e2ePublish, 15,
                "publish p50"));

        rows.add(atLeast("catch-up read ≥ 0.8× Kafka", f.metric(CATCH_UP, "", TRIBUTARY, "catch-up MB/s"),
                f.metric(CATCH_UP, "", KAFKA, "catch-up MB/s"), 0.8, "MB/s", "Kafka"));

        List<Result> knob = f.all(LINGER_KNOB, TRIBUTARY);
        Optional<Result> costSetting = knob.isEmpty() ? Optional.empty() : Optional.of(knob.get(knob.size() - 1));
        rows.add(atMostAbsolute("request cost per GiB at 5 MB/s with the cost setting"
                        + costSetting.map(r -> " (" + r.variant() + ")").orElse("") + " ≤ $0.02",
                costSetting.map(r -> r.metrics().get(COST)), 0.02));
        rows.add(atMostAbsolute("request cost per GiB at max throughput ≤ $0.005",
                f.metric(MAX_PRODUCE, "", TRIBUTARY, COST), 0.005));
        return rows;
    }

    /** Publish p99 at 5,000 records/s against the floor: PUT p99 of the nearest object size + commit p99 + 20 ms. */
    private static Row publishVsFloor(Finder f) {
        String target = "publish p99 at 5,000 records/s ≤ floor (PUT p99 + commit p99) + 20 ms";
        Optional<Result> fixed = f.find(FIXED_RATE, "", TRIBUTARY);
        Optional<Double> p99 = fixed.map(r -> r.metrics().get("publish latency p99 ms"));
        Optional<Double> commitP99 = f.metric(STORAGE_FLOOR, "commit", TRIBUTARY, COMMIT_P99);
        double segmentKib = fixed.map(r -> r.metrics().getOrDefault(AVERAGE_SEGMENT_KIB, 0.0)).orElse(0.0);
        Optional<Result> put = f.all(STORAGE_FLOOR, TRIBUTARY).stream()
                .filter(r -> r.metrics().containsKey(PUT_P99) && r.metrics().containsKey("PUT MB/s"))
                .min(Comparator.comparingDouble(r -> sizeDistance(r, segmentKib)));
        if (p99.isEmpty() || p99.get() == null || commitP99.isEmpty() || put.isEmpty()) {
            return new Row(target, "not measured in this run", Verdict.NOT_MEASURED);
        }
        double putP99 = put.get().metrics().get(PUT_P99);
        double limit = putP99 + commitP99.get() + 20;
        String measured = String.format(Locale.ROOT, "%s ms vs %s ms (PUT p99 %s ms at %s, the size nearest the "
                        + "average segment of %s KiB, + commit p99 %s ms + 20 ms): %s", num(p99.get()), num(limit),
                num(putP99), put.get().variant(), num(segmentKib), num(commitP99.get()), overBy(p99.get(), limit, "ms"));
        return new Row(target, measured, p99.get() <= limit ? Verdict.MET : Verdict.MISSED);
    }

    /** Distance on a log scale between a floor point's object size and the produce path's average segment. */
    private static double sizeDistance(Result floorPoint, double segmentKib) {
        double kib = objectKib(floorPoint.variant());
        return segmentKib <= 0 ? kib : Math.abs(Math.log(kib / segmentKib));
    }

    /** {@code put=64KiB} → 64, {@code put=8MiB} → 8192. */
    static double objectKib(String variant) {
        String size = variant.substring(variant.indexOf('=') + 1);
        if (size.endsWith("MiB")) {
            return Double.parseDouble(size.substring(0, size.length() - 3)) * 1024;
        }
        if (size.endsWith("KiB")) {
            return Double.parseDouble(size.substring(0, size.length() - 3));
        }
        return Double.parseDouble(size.substring(0, size.length() - 1)) / 1024;
    }

    private static Row atLeast(String target, Optional<Double> value, Optional<Double> reference, double factor,
                               String unit, String referenceName) {
        return ratio(target, value, reference, factor, true, unit, referenceName);
    }

    private static Row atMostRatio(String target, Optional<Double> value, Optional<Double> reference, double factor,
                                   String unit, String referenceName) {
        return ratio(target, value, reference, factor, false, unit, referenceName);
    }

    /** {@code value / reference} against {@code factor}, as a floor ({@code atLeast}) or a ceiling. */
    private static Row ratio(String target, Optional<Double> value, Optional<Double> reference, double factor,
                             boolean atLeast, String unit, String referenceName) {
        if (missing(value) || missing(reference) || reference.get() == 0) {
            return new Row(target, "not measured in this run", Verdict.NOT_MEASURED);
        }
        double ratio = value.get() / reference.get();
        boolean met = atLeast ? ratio >= factor : ratio <= factor;
        String measured = String.format(Locale.ROOT, "%s %s vs %s %s %s = %.2f×", num(value.get()), unit,
                referenceName, num(reference.get()), unit, ratio);
        if (!met) {
            measured += atLeast ? String.format(Locale.ROOT, ": %.0f %% below the goal", (1 - ratio / factor) * 100)
                    : String.format(Locale.ROOT, ": %.1f× the allowed ratio", ratio / factor);
        }
        return new Row(target, measured, met ? Verdict.MET : Verdict.MISSED);
    }

    private static Row atMostPlus(String target, Optional<Double> value, Optional<Double> reference, double plusMs,
                                  String referenceName) {
        if (missing(value) || missing(reference)) {
            return new Row(target, "not measured in this run", Verdict.NOT_MEASURED);
        }
        double limit = reference.get() + plusMs;
        String measured = String.format(Locale.ROOT, "%s ms vs %s %s ms + %s ms = %s ms: %s", num(value.get()),
                referenceName, num(reference.get()), num(plusMs), num(limit), overBy(value.get(), limit, "ms"));
        return new Row(target, measured, value.get() <= limit ? Verdict.MET : Verdict.MISSED);
    }

    private static Row atMostAbsolute(String target, Optional<Double> value, double limit) {
        if (missing(value)) {
            return new Row(target, "not measured in this run", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "$%.4f: %s", value.get(), value.get() <= limit
                ? String.format(Locale.ROOT, "%.0f %% of the limit", value.get() / limit * 100)
                : String.format(Locale.ROOT, "%.1f× the limit", value.get() / limit));
        return new Row(target, measured, value.get() <= limit ? Verdict.MET : Verdict.MISSED);
    }

    private static String overBy(double value, double limit, String unit) {
        return value <= limit ? String.format(Locale.ROOT, "%s %s to spare", num(limit - value), unit)
                : String.format(Locale.ROOT, "%s %s over", num(value - limit), unit);
    }

    private static boolean missing(Optional<Double> v) {
        return v.isEmpty() || v.get() == null || v.get().isNaN();
    }

    private static String num(double v) {
        return Reports.format(v);
    }

    /** The targets as a Markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder("| target | measured | verdict |\n|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.target()).append(" | ").append(r.measured()).append(" | ").append(switch (r.verdict()) {
                case MET -> "met";
                case MISSED -> "**missed**";
                case NOT_MEASURED -> "–";
            }).append(" |\n");
        }
        return out.toString();
    }

    /** Looks results up by workload, variant and system. */
    private record Finder(List<Result> results) {
        Optional<Result> find(String workload, String variant, String system) {
            return results.stream().filter(r -> r.workload().equals(workload) && r.variant().equals(variant)
                    && r.system().equals(system)).findFirst();
        }

        Optional<Double> metric(String workload, String variant, String system, String metric) {
            return find(workload, variant, system).map(r -> r.metrics().get(metric));
        }

        List<Result> all(String workload, String system) {
            return results.stream().filter(r -> r.workload().equals(workload) && r.system().equals(system)).toList();
        }
    }
}
