package dev.tributary.benchmarks.report;

import dev.tributary.benchmarks.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTest {

    private static Result result(String workload, String variant, String system, Object... metrics) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < metrics.length; i += 2) {
            m.put((String) metrics[i], ((Number) metrics[i + 1]).doubleValue());
        }
        return new Result(workload, variant, system, m, "", null, 0);
    }

    /** A run in which every target has its inputs. */
    private static List<Result> fullRun() {
        List<Result> r = new ArrayList<>();
        r.add(result("max-produce-throughput", "", "tributary", "produce MB/s", 300, "request $ per GiB ingested", 0.004));
        r.add(result("max-produce-throughput", "", "kafka", "produce MB/s", 500));
        r.add(result("storage-floor", "put=64KiB", "tributary", "PUT MB/s", 100, "PUT latency p99 ms", 5));
        r.add(result("storage-floor", "put=8MiB", "tributary", "PUT MB/s", 400, "PUT latency p99 ms", 90));
        r.add(result("storage-floor", "commit", "tributary", "commit latency p99 ms", 10));
        r.add(result("partition-scaling", "partitions=10", "tributary", "produce MB/s", 200,
                "DynamoDB WRU per GiB ingested", 1000));
        r.add(result("partition-scaling", "partitions=1000", "tributary", "produce MB/s", 100,
                "DynamoDB WRU per GiB ingested", 3000));
        r.add(result("fixed-rate-latency", "", "tributary", "publish latency p99 ms", 30, "average segment KiB", 50));
        r.add(result("end-to-end-latency", "", "tributary", "end-to-end latency p50 ms", 20,
                "publish latency p50 ms", 10));
        r.add(result("catch-up-read", "", "tributary", "catch-up MB/s", 400));
        r.add(result("catch-up-read", "", "kafka", "catch-up MB/s", 600));
        r.add(result("linger-knob", "tributary.produce.linger=0ms", "tributary", "request $ per GiB ingested", 0.05));
        r.add(result("linger-knob", "tributary.produce.linger=200ms", "tributary", "request $ per GiB ingested", 0.01));
        return r;
    }

    private static Targets.Row row(List<Targets.Row> rows, String startOfTarget) {
        return rows.stream().filter(r -> r.target().startsWith(startOfTarget)).findFirst().orElseThrow();
    }

    @Test
    void evaluate_fullRun_checksEveryTargetWithItsFigures() {
        List<Targets.Row> rows = Targets.evaluate(fullRun());

        assertThat(rows).hasSize(9);
        // 300 / 500 = 0.6 >= 0.5
        assertThat(row(rows, "max produce ≥ 0.5× Kafka").verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(row(rows, "max produce ≥ 0.5× Kafka").measured()).contains("0.60×");
        // 300 / 400 (best floor size, 8 MiB) = 0.75 < 0.8
        Targets.Row floor = row(rows, "max produce ≥ 0.8× the S3 floor");
        assertThat(floor.verdict()).isEqualTo(Targets.Verdict.MISSED);
        assertThat(floor.measured()).contains("0.75×", "put=8MiB", "6 % below");
        // 100 / 200 = 0.5 < 0.6; WRU 3000 / 1000 = 3 > 2
        assertThat(row(rows, "1,000 partitions: throughput").verdict()).isEqualTo(Targets.Verdict.MISSED);
        assertThat(row(rows, "1,000 partitions: DynamoDB WRU").verdict()).isEqualTo(Targets.Verdict.MISSED);
        assertThat(row(rows, "1,000 partitions: DynamoDB WRU").measured()).contains("3.00×", "1.5× the allowed");
        // 30 <= 5 (PUT p99 at 64 KiB, nearest the 50 KiB segments) + 10 + 20 = 35
        Targets.Row publish = row(rows, "publish p99");
        assertThat(publish.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(publish.measured()).contains("put=64KiB", "35 ms", "5 ms to spare");
        // 20 > 10 + 15? no: 20 <= 25
        assertThat(row(rows, "end-to-end p50").verdict()).isEqualTo(Targets.Verdict.MET);
        // 400 / 600 = 0.67 < 0.8
        assertThat(row(rows, "catch-up").verdict()).isEqualTo(Targets.Verdict.MISSED);
        // the last knob point is the cost setting: 0.01 <= 0.02
        Targets.Row costSetting = row(rows, "request cost per GiB at 5 MB/s");
        assertThat(costSetting.target()).contains("linger=200ms");
        assertThat(costSetting.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(costSetting.measured()).contains("50 % of the limit");
        assertThat(row(rows, "request cost per GiB at max").verdict()).isEqualTo(Targets.Verdict.MET);
    }

    @Test
    void evaluate_largeSegments_comparesWithTheNearestFloorSize() {
        List<Result> run = new ArrayList<>(fullRun());
        run.removeIf(r -> r.workload().equals("fixed-rate-latency"));
        // 6 MiB segments: the 8 MiB floor point is nearest; 30 <= 90 + 10 + 20
        run.add(result("fixed-rate-latency", "", "tributary", "publish latency p99 ms", 130, "average segment KiB", 6144));

        Targets.Row publish = row(Targets.evaluate(run), "publish p99");

        assertThat(publish.measured()).contains("put=8MiB", "120 ms", "10 ms over");
        assertThat(publish.verdict()).isEqualTo(Targets.Verdict.MISSED);
    }

    @Test
    void evaluate_missingInputs_areNotMeasuredRatherThanMetOrMissed() {
        List<Result> onlyTributary = fullRun().stream().filter(r -> r.system().equals("tributary")).toList();

        List<Targets.Row> rows = Targets.evaluate(onlyTributary);

        assertThat(row(rows, "max produce ≥ 0.5× Kafka").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
        assertThat(row(rows, "catch-up").verdict()).isEqualTo(Targets.Verdict.NOT_MEASURED);
        assertThat(row(rows, "max produce ≥ 0.8× the S3 floor").verdict()).isEqualTo(Targets.Verdict.MISSED);
        assertThat(Targets.evaluate(List.of())).extracting(Targets.Row::verdict)
                .containsOnly(Targets.Verdict.NOT_MEASURED);
    }

    @Test
    void objectKib_readsTheVariantsSize() {
        assertThat(Targets.objectKib("put=64KiB")).isEqualTo(64.0);
        assertThat(Targets.objectKib("put=8MiB")).isEqualTo(8192.0);
        assertThat(Targets.objectKib("put=2048B")).isEqualTo(2.0);
    }

    @Test
    void markdown_marksMissedTargets() {
        String table = Targets.markdown(List.of(new Targets.Row("a", "1", Targets.Verdict.MET),
                new Targets.Row("b", "2", Targets.Verdict.MISSED), new Targets.Row("c", "–", Targets.Verdict.NOT_MEASURED)));

        assertThat(table).contains("| a | 1 | met |", "| b | 2 | **missed** |", "| c | – | – |");
    }
}
