package dev.tributary.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadTest {
    private static final String YAML = """
            kind: end-to-end
            partitions: 8
            recordSize: 1024
            producers: 2
            consumers: 2
            rate: 5000
            duration: 30s
            warmup: 500ms
            quick: {duration: 3s, warmup: 1s}
            sweep: {parameter: partitions, values: [1, 10, 100], quickValues: [1]}
            """;

    @Test
    void parse_fullMode_readsEveryField() {
        Workload w = Workload.parse(YAML, "e2e", false);

        assertThat(w.name()).isEqualTo("e2e");
        assertThat(w.kind()).isEqualTo(Workload.Kind.END_TO_END);
        assertThat(w.partitions()).isEqualTo(8);
        assertThat(w.rate()).isEqualTo(5000);
        assertThat(w.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(w.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(w.sweepParameter()).isEqualTo("partitions");
        assertThat(w.sweepValues()).containsExactly("1", "10", "100");
    }

    @Test
    void parse_quickMode_appliesOverridesAndQuickSweep() {
        Workload w = Workload.parse(YAML, "e2e", true);

        assertThat(w.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(w.warmup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(w.sweepValues()).containsExactly("1");
        assertThat(w.with("partitions", "100").partitions()).isEqualTo(100);
    }

    @Test
    void parse_endToEndWithoutConsumers_isRejected() {
        assertThatThrownBy(() -> Workload.parse("kind: end-to-end\nconsumers: 0\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumers");
    }

    @Test
    void parse_badDuration_isRejected() {
        assertThatThrownBy(() -> Workload.parse("duration: 5h\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    }

    @Test
    void parse_serverSettingSweep_addsTheSettingToEachPoint() {
        Workload w = Workload.parse("""
                rate: 5000
                sweep: {parameter: tributary.produce.linger, values: [0ms, 20ms, 200ms]}
                """, "knob", false);

        assertThat(w.sweepParameter()).isEqualTo("tributary.produce.linger");
        assertThat(w.sweepValues()).containsExactly("0ms", "20ms", "200ms");
        Workload point = w.with(w.sweepParameter(), "20ms");
        assertThat(point.serverProperties()).containsExactly(Map.entry("tributary.produce.linger", "20ms"));
        assertThat(point.sweepParameter()).isNull();
        assertThat(point.rate()).isEqualTo(5000);
        assertThat(w.serverProperties()).isEmpty();
    }

    @Test
    void parse_sweepOfAnUnknownField_isRejected() {
        assertThatThrownBy(() -> Workload.parse("sweep: {parameter: rate, values: [1, 2]}\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweep parameter")
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> Workload.parse("sweep: {parameter: tributary., values: [1]}\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweep parameter");
        assertThatThrownBy(() -> Workload.parse("sweep: {parameter: partitions, values: []}\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one value");
    }

    @Test
    void with_nonNumericPartitionCount_isRejected() {
        Workload w = Workload.parse("partitions: 4\n", "x", false);

        assertThatThrownBy(() -> w.with("partitions", "many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
    }

    @Test
    void parse_storageFloor_readsSizesInBytesKibAndMib() {
        Workload w = Workload.parse("""
                kind: storage-floor
                objectSizes: [1000, 64KiB, 8MiB]
                partitions: 64
                concurrency: 4
                """, "floor", false);

        assertThat(w.kind()).isEqualTo(Workload.Kind.STORAGE_FLOOR);
        assertThat(w.objectSizes()).containsExactly(1000, 64 * 1024, 8 * 1024 * 1024);
        assertThat(w.concurrency()).isEqualTo(4);
        assertThat(w.partitions()).isEqualTo(64);
    }

    @Test
    void parse_storageFloorWithoutSizes_isRejected() {
        assertThatThrownBy(() -> Workload.parse("kind: storage-floor\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objectSizes");
    }

    @Test
    void parse_badSizesAndKinds_areRejectedWithTheirText() {
        assertThatThrownBy(() -> Workload.parse("kind: storage-floor\nobjectSizes: [64KB]\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64KB");
        assertThatThrownBy(() -> Workload.parse("kind: storage-floor\nobjectSizes: [0]\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0'");
        assertThatThrownBy(() -> Workload.parse("kind: storage-floor\nobjectSizes: [4096MiB]\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096MiB");
        assertThatThrownBy(() -> Workload.parse("kind: produce-fast\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("produce-fast");
        assertThatThrownBy(() -> Workload.parse("concurrency: -1\n", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
    }

    @Test
    void loadAll_shippedWorkloads_allParseInBothModes() {
        List<Workload> full = Workload.loadAll(Path.of("workloads"), false);
        List<Workload> quick = Workload.loadAll(Path.of("workloads"), true);

        assertThat(full).hasSizeGreaterThanOrEqualTo(4).hasSameSizeAs(quick);
        assertThat(full).extracting(Workload::kind).contains(Workload.Kind.PRODUCE, Workload.Kind.END_TO_END,
                Workload.Kind.CATCH_UP, Workload.Kind.FETCH_LATENCY, Workload.Kind.STORAGE_FLOOR);
        assertThat(full).filteredOn(w -> w.sweepParameter() != null)
                .extracting(Workload::sweepParameter).contains("partitions", "producers", "tributary.produce.linger");
        assertThat(full.get(0).name()).isEqualTo("max-produce-throughput");
    }
}
