package dev.tributary.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.benchmarks.Result;
import dev.tributary.benchmarks.Workload;
import dev.tributary.benchmarks.cost.CostModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes results as JSON and as Markdown: a side-by-side table per workload point with
 * the ratio Tributary / Kafka per metric, and the cost breakdown per GiB. Stateless.
 */
public final class Reports {
    private Reports() {
    }

    public static void writeJson(Path file, Map<String, Object> environment, List<Result> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("environment", environment);
        root.put("results", results);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole Markdown report. */
    public static String markdown(Map<String, Object> environment, List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("| run | ").append(environment.get("mode")).append(" mode, ").append(environment.get("date"))
                .append(", ").append(environment.get("cpus")).append(" CPUs, Java ")
                .append(environment.get("java")).append(", Kafka ").append(environment.get("kafkaVersion"))
                .append(" |\n|---|---|\n\n");
        out.append("### Targets\n\n").append(Targets.markdown(Targets.evaluate(results)));
        out.append("\n### Everything measured\n\n").append(sideBySide(results));
        String gateway = gateway(results);
        if (!gateway.isEmpty()) {
            out.append("\n### Kafka's client via Tributary's Kafka gateway\n\n").append(gateway);
        }
        String floor = storageFloor(results);
        if (!floor.isEmpty()) {
            out.append("\n### Storage floor (Tributary's S3 and DynamoDB by themselves)\n\n").append(floor);
        }
        String settings = settingSweeps(results);
        if (!settings.isEmpty()) {
            out.append("\n### Server settings swept (Tributary)\n\n").append(settings);
        }
        String scaling = partitionScaling(results);
        if (!scaling.isEmpty()) {
            out.append("\n### Partition scaling\n\n").append(scaling);
        }
        out.append('\n').append(costs(results));
        return out.toString();
    }

    /** One row per storage-floor point: raw PUTs per object size and commits. */
    public static String storageFloor(List<Result> results) {
        List<Result> floor = results.stream().filter(r -> r.workload().equals(Targets.STORAGE_FLOOR)).toList();
        if (floor.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("| operation | in flight | per s | MB/s | p50 ms | p99 ms | p99.9 ms | "
                + "max ms | WRU each |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : floor) {
            Map<String, Double> m = r.metrics();
            boolean put = m.containsKey("PUTs/s");
            String latency = put ? "PUT latency" : "commit latency";
            out.append("| ").append(put ? "S3 PUT " + r.variant().substring(r.variant().indexOf('=') + 1)
                            : "DynamoDB commit (log record + segment reference)")
                    .append(" | ").append(format(m.get("concurrency")))
                    .append(" | ").append(format(put ? m.get("PUTs/s") : m.get("commits/s")))
                    .append(" | ").append(format(m.get("PUT MB/s")))
                    .append(" | ").append(format(m.get(latency + " p50 ms")))
                    .append(" | ").append(format(m.get(latency + " p99 ms")))
                    .append(" | ").append(format(m.get(latency + " p99.9 ms")))
                    .append(" | ").append(format(m.get(latency + " max ms")))
                    .append(" | ").append(format(m.get("DynamoDB WRU per commit"))).append(" |\n");
        }
        return out.toString();
    }

    /** One row per point of a sweep over a server setting (Tributary only): latency against cost. */
    public static String settingSweeps(List<Result> results) {
        List<Result> swept = results.stream()
                .filter(r -> r.system().equals("tributary") && r.variant().startsWith(Workload.SERVER_PROPERTY_PREFIX))
                .toList();
        if (swept.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("| workload | setting | produce MB/s | publish p50 ms | publish p99 ms | "
                + "publish p99.9 ms | segments/s | average segment KiB | S3 PUTs per GiB | DynamoDB WRU per GiB | "
                + "request $ per GiB |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : swept) {
            Map<String, Double> m = r.metrics();
            out.append("| ").append(r.workload()).append(" | `").append(r.variant()).append("` | ")
                    .append(format(m.get("produce MB/s"))).append(" | ")
                    .append(format(m.get("publish latency p50 ms"))).append(" | ")
                    .append(format(m.get("publish latency p99 ms"))).append(" | ")
                    .append(format(m.get("publish latency p99.9 ms"))).append(" | ")
                    .append(format(m.get("segments/s"))).append(" | ")
                    .append(format(m.get(Targets.AVERAGE_SEGMENT_KIB))).append(" | ")
                    .append(format(m.get("S3 PUTs per GiB ingested"))).append(" | ")
                    .append(format(m.get(Targets.WRU))).append(" | ")
                    .append(dollars(m.get(Targets.COST))).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Throughput and write units per GiB at each partition count of a partition sweep,
     * relative to 10 partitions (or to the sweep's first point when 10 is not in it).
     */
    public static String partitionScaling(List<Result> results) {
        Map<String, Map<Integer, Map<String, Result>>> byWorkload = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.variant().startsWith("partitions=")) {
                int partitions = Integer.parseInt(r.variant().substring("partitions=".length()));
                byWorkload.computeIfAbsent(r.workload(), k -> new java.util.TreeMap<>())
                        .computeIfAbsent(partitions, k -> new LinkedHashMap<>()).put(r.system(), r);
            }
        }
        if (byWorkload.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("| workload | partitions | Tributary MB/s | Kafka MB/s | Tributary / Kafka "
                + "| Tributary vs base | Kafka vs base | DynamoDB WRU per GiB | WRU vs base | request $ per GiB |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var workload : byWorkload.entrySet()) {
            Map<Integer, Map<String, Result>> points = workload.getValue();
            int base = points.containsKey(10) ? 10 : points.keySet().iterator().next();
            Double baseT = metric(points.get(base).get("tributary"), Targets.PRODUCE_MB);
            Double baseK = metric(points.get(base).get("kafka"), Targets.PRODUCE_MB);
            Double baseW = metric(points.get(base).get("tributary"), Targets.WRU);
            for (var point : points.entrySet()) {
                Result t = point.getValue().get("tributary");
                Result k = point.getValue().get("kafka");
                Double tv = metric(t, Targets.PRODUCE_MB);
                Double kv = metric(k, Targets.PRODUCE_MB);
                Double wru = metric(t, Targets.WRU);
                out.append("| ").append(workload.getKey()).append(" | ").append(point.getKey())
                        .append(point.getKey() == base ? " (base)" : "").append(" | ")
                        .append(format(tv)).append(" | ").append(format(kv)).append(" | ").append(ratio(tv, kv))
                        .append(" | ").append(ratio(tv, baseT)).append(" | ").append(ratio(kv, baseK))
                        .append(" | ").append(format(wru)).append(" | ").append(ratio(wru, baseW))
                        .append(" | ").append(dollars(metric(t, Targets.COST))).append(" |\n");
            }
        }
        return out.toString();
    }

    private static Double metric(Result r, String name) {
        return r == null ? null : r.metrics().get(name);
    }

    private static String dollars(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** One row per (workload point, metric): Tributary, Kafka, ratio. */
    public static String sideBySide(List<Result> results) {
        Map<String, Map<String, Result>> byKey = new LinkedHashMap<>();
        for (Result r : results) {
            byKey.computeIfAbsent(r.key(), k -> new LinkedHashMap<>()).put(r.system(), r);
        }
        StringBuilder out = new StringBuilder();
        out.append("| workload | metric | Tributary | Kafka | Tributary / Kafka |\n");
        out.append("|---|---|---:|---:|---:|\n");
        for (var entry : byKey.entrySet()) {
            Result t = entry.getValue().get("tributary");
            Result k = entry.getValue().get("kafka");
            LinkedHashSet<String> metrics = new LinkedHashSet<>();
            if (t != null) {
                metrics.addAll(t.metrics().keySet());
            }
            if (k != null) {
                metrics.addAll(k.metrics().keySet());
            }
            String label = entry.getKey();
            for (String metric : metrics) {
                Double tv = t == null ? null : t.metrics().get(metric);
                Double kv = k == null ? null : k.metrics().get(metric);
                out.append("| ").append(label).append(" | ").append(metric).append(" | ")
                        .append(format(tv)).append(" | ").append(format(kv)).append(" | ")
                        .append(ratio(tv, kv)).append(" |\n");
                label = "";
            }
        }
        return out.toString();
    }

    /**
     * One row per (workload point, metric) that the {@code kafka-gateway} system measured:
     * Tributary's SDK, Kafka's client via the gateway, Kafka's client against a broker, and
     * the ratio gateway / SDK. Empty when the gateway was not run.
     */
    public static String gateway(List<Result> results) {
        Map<String, Map<String, Result>> byKey = new LinkedHashMap<>();
        for (Result r : results) {
            byKey.computeIfAbsent(r.key(), k -> new LinkedHashMap<>()).put(r.system(), r);
        }
        StringBuilder out = new StringBuilder();
        for (var entry : byKey.entrySet()) {
            Result g = entry.getValue().get(GATEWAY);
            if (g == null) {
                continue;
            }
            Result t = entry.getValue().get("tributary");
            Result k = entry.getValue().get("kafka");
            String label = entry.getKey();
            for (String metric : g.metrics().keySet()) {
                Double gv = g.metrics().get(metric);
                Double tv = t == null ? null : t.metrics().get(metric);
                Double kv = k == null ? null : k.metrics().get(metric);
                out.append("| ").append(label).append(" | ").append(metric).append(" | ").append(format(tv))
                        .append(" | ").append(format(gv)).append(" | ").append(format(kv)).append(" | ")
                        .append(ratio(gv, tv)).append(" |\n");
                label = "";
            }
        }
        if (out.length() == 0) {
            return "";
        }
        return "| workload | metric | Tributary SDK | Kafka client via gateway | Kafka client to broker | gateway / SDK |\n"
                + "|---|---|---:|---:|---:|---:|\n" + out;
    }

    /** The system name of Kafka's client against Tributary's Kafka gateway. */
    public static final String GATEWAY = "kafka-gateway";

    /** Where each cent goes, per GiB, for every Tributary result that measured requests. */
    public static String costs(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("### Request cost per GiB (us-east-1 on-demand list prices)\n\n");
        out.append("| workload | per GiB | item | requests or units per GiB | $ per GiB |\n");
        out.append("|---|---|---|---:|---:|\n");
        for (Result r : results) {
            if (!"tributary".equals(r.system()) || r.requests() == null || r.costBytes() == 0) {
                continue;
            }
            String per = switch (r.costPhase()) {
                case "ingest" -> "ingested";
                case "ingest+tail" -> "ingested (incl. tailing reads)";
                default -> "read";
            };
            List<CostModel.Line> lines = CostModel.tributaryPerGiB(r.requests(), r.costBytes());
            String label = r.key();
            for (CostModel.Line line : lines) {
                out.append("| ").append(label).append(" | ").append(per).append(" | ").append(line.item())
                        .append(" | ").append(format(line.perGiB())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.5f", line.dollarsPerGiB())).append(" |\n");
                label = "";
            }
            out.append("| | ").append(per).append(" | **Tributary requests, total** | | **")
                    .append(String.format(Locale.ROOT, "%.5f", CostModel.total(lines))).append("** |\n");
            if (!"read".equals(per)) {
                List<CostModel.Line> maintenance = CostModel.maintenancePerGiB(r.requests(), r.costBytes());
                for (CostModel.Line line : maintenance) {
                    out.append("| | ").append(per).append(" | ").append(line.item()).append(" | ")
                            .append(format(line.perGiB())).append(" | ")
                            .append(String.format(Locale.ROOT, "%.5f", line.dollarsPerGiB())).append(" |\n");
                }
                out.append("| | ").append(per).append(" | **Tributary requests incl. later maintenance** | | **")
                        .append(String.format(Locale.ROOT, "%.5f", CostModel.total(lines) + CostModel.total(maintenance)))
                        .append("** |\n");
            }
            List<CostModel.Line> kafka = switch (r.costPhase()) {
                case "ingest" -> CostModel.kafkaProducePerGiB();
                case "ingest+tail" -> java.util.stream.Stream.concat(CostModel.kafkaProducePerGiB().stream(),
                        CostModel.kafkaConsumePerGiB().stream()).toList();
                default -> CostModel.kafkaConsumePerGiB();
            };
            for (CostModel.Line line : kafka) {
                out.append("| | ").append(per).append(" | Kafka 3-AZ: ").append(line.item()).append(" | ")
                        .append(format(line.perGiB())).append(" GiB | ")
                        .append(String.format(Locale.ROOT, "%.5f", line.dollarsPerGiB())).append(" |\n");
            }
            out.append("| | ").append(per).append(" | **Kafka 3-AZ cross-AZ transfer, total** | | **")
                    .append(String.format(Locale.ROOT, "%.5f", CostModel.total(kafka))).append("** |\n");
        }
        out.append(String.format(Locale.ROOT, "%nS3 storage adds $%.4f per GiB-month on Tributary (a 3-AZ Kafka "
                + "cluster stores 3 copies on block storage instead).%n", CostModel.storagePerGiBMonth()));
        out.append("\nAWS calls by operation during each measured phase:\n\n");
        for (Result r : results) {
            if (r.requests() != null && !r.requests().calls().isEmpty()) {
                out.append("- ").append(r.key()).append(" (").append(r.costPhase()).append("): ")
                        .append(r.requests().calls()).append(r.requests().presignedGets() > 0
                                ? ", presigned S3 GETs=" + r.requests().presignedGets() : "")
                        .append(r.requests().unitsReported() ? "" : " (capacity units estimated)").append('\n');
            }
        }
        return out.toString();
    }

    static String format(Double v) {
        if (v == null || v.isNaN()) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 100 || (v == Math.rint(v) && a < 1e15)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a < 0.01 && a > 0) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(Double t, Double k) {
        if (t == null || k == null || k == 0 || Objects.equals(t, Double.NaN)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", t / k);
    }

}
