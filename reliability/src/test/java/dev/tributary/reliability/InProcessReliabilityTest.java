package dev.tributary.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.reliability.checker.CheckResult;
import dev.tributary.reliability.cluster.InProcessCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short reliability run of the build: two service instances in this JVM on the shared
 * embedded stack, every workload (idempotent SDK producers, HTTP JSON producers, assign readers,
 * a churning consumer group, a paused member) and every storage fault (errors, throttling,
 * latency, applied-but-answer-lost) between the instances and S3/DynamoDB. The report lands in
 * {@code target/reliability/in-process}.
 */
class InProcessReliabilityTest {

    @Test
    void shortRun_withEveryStorageFault_keepsEveryPromise() {
        RunOptions options = RunOptions.quick(Path.of("target", "reliability", "in-process"));
        ReliabilityRun run = new ReliabilityRun(options);
        CheckResult result;
        try (InProcessCluster cluster = new InProcessCluster(EmbeddedStack.shared(), 2, options.storageFaults(),
                options.seed(), run.history())) {
            result = run.run(cluster, null);
        }

        assertThat(result.anomalies()).as(result.anomalyReport()).isEmpty();
        assertThat(result.counts().get("acknowledged")).as("acknowledged sends").isGreaterThan(500);
        assertThat(result.counts().get("commits accepted")).as("group commits").isPositive();
        assertThat(result.counts().get("commits rejected")).as("the zombie's commit").isPositive();
        assertThat(result.faults().values().stream().mapToLong(Long::longValue).sum()).as("storage faults").isGreaterThan(20);
    }
}
