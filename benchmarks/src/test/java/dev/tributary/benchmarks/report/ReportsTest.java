package dev.tributary.benchmarks.report;

import dev.tributary.benchmarks.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsTest {

    private static Result result(String workload, String variant, String system, Map<String, Double> metrics) {
        return new Result(workload, variant, system, metrics, "", null, 0);
    }

    @Test
    void partitionScaling_isRelativeToTenPartitions() {
        List<Result> results = List.of(
                result("partition-scaling", "partitions=1", "tributary", Map.of("produce MB/s", 50.0)),
                result("partition-scaling", "partitions=10", "tributary",
                        Map.of("produce MB/s", 100.0, "DynamoDB WRU per GiB ingested", 1000.0)),
                result("partition-scaling", "partitions=10", "kafka", Map.of("produce MB/s", 400.0)),
                result("partition-scaling", "partitions=1000", "tributary",
                        Map.of("produce MB/s", 60.0, "DynamoDB WRU per GiB ingested", 2500.0,
                                "request $ per GiB ingested", 0.0123)),
                result("partition-scaling", "partitions=1000", "kafka", Map.of("produce MB/s", 100.0)));

        String table = Reports.partitionScaling(results);

        assertThat(table).contains("| partition-scaling | 10 (base) | 100 | 400 | 0.25× | 1.00× | 1.00× | 1,000 | 1.00× |");
        assertThat(table).contains("| partition-scaling | 1000 | 60 | 100 | 0.60× | 0.60× | 0.25× | 2,500 | 2.50× | 0.0123 |");
        assertThat(table.indexOf("| 1 |")).isLessThan(table.indexOf("| 10 (base)"));
    }

    @Test
    void gateway_comparesTheKafkaClientViaTheGatewayWithTheSdk_onlyWhereTheGatewayRan() {
        List<Result> results = List.of(
                result("max-produce-throughput", "", "tributary", Map.of("produce MB/s", 40.0)),
                result("max-produce-throughput", "", "kafka-gateway", Map.of("produce MB/s", 36.0)),
                result("max-produce-throughput", "", "kafka", Map.of("produce MB/s", 300.0)),
                result("fetch-latency", "", "tributary", Map.of("first records ms", 20.0)));

        String table = Reports.gateway(results);

        assertThat(table).contains("| max-produce-throughput | produce MB/s | 40 | 36 | 300 | 0.90× |");
        assertThat(table).doesNotContain("fetch-latency");
        assertThat(Reports.gateway(results.subList(0, 1))).isEmpty();
    }

    @Test
    void settingSweeps_listsOnlyServerSettingPointsOfTributary() {
        List<Result> results = List.of(
                result("linger-knob", "tributary.produce.linger=20ms", "tributary",
                        Map.of("publish latency p99 ms", 45.0, "average segment KiB", 110.0,
                                "request $ per GiB ingested", 0.02)),
                result("partition-scaling", "partitions=10", "tributary", Map.of("produce MB/s", 100.0)));

        String table = Reports.settingSweeps(results);

        assertThat(table).contains("| linger-knob | `tributary.produce.linger=20ms` | – | – | 45 | – | – | 110 | – | – | 0.0200 |");
        assertThat(table).doesNotContain("partitions=10");
        assertThat(Reports.settingSweeps(results.subList(1, 2))).isEmpty();
    }

    @Test
    void storageFloor_showsPutsAndCommits() {
        List<Result> results = List.of(
                result("storage-floor", "put=64KiB", "tributary", Map.of("concurrency", 4.0, "PUTs/s", 800.0,
                        "PUT MB/s", 52.4, "PUT latency p50 ms", 4.5, "PUT latency p99 ms", 12.0)),
                result("storage-floor", "commit", "tributary", Map.of("concurrency", 4.0, "commits/s", 300.0,
                        "commit latency p50 ms", 9.0, "DynamoDB WRU per commit", 4.0)));

        String table = Reports.storageFloor(results);

        assertThat(table).contains("| S3 PUT 64KiB | 4 | 800 | 52.4 | 4.50 | 12 | – | – | – |");
        assertThat(table).contains("| DynamoDB commit (log record + segment reference) | 4 | 300 | – | 9 | – | – | – | 4 |");
    }
}
