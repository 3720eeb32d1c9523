package dev.tributary.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        assertThat(w.sweepValues()).containsExactly(1, 10, 100);
    }

    @Test
    void parse_quickMode_appliesOverridesAndQuickSweep() {
        Workload w = Workload.parse(YAML, "e2e", true);

        assertThat(w.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(w.warmup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(w.sweepValues()).containsExactly(1);
        assertThat(w.with("partitions", 100).partitions()).isEqualTo(100);
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
    void loadAll_shippedWorkloads_allParseInBothModes() {
        List<Workload> full = Workload.loadAll(Path.of("workloads"), false);
        List<Workload> quick = Workload.loadAll(Path.of("workloads"), true);

        assertThat(full).hasSizeGreaterThanOrEqualTo(4).hasSameSizeAs(quick);
        assertThat(full).extracting(Workload::kind).contains(Workload.Kind.PRODUCE, Workload.Kind.END_TO_END,
                Workload.Kind.CATCH_UP, Workload.Kind.FETCH_LATENCY);
        assertThat(full.get(0).name()).isEqualTo("max-produce-throughput");
    }
}
