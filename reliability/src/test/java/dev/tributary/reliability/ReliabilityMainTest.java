package dev.tributary.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.reliability.faults.FaultPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command-line and fault-plan input: what is accepted, and a clear error for what is not. */
class ReliabilityMainTest {

    @Test
    void durations_acceptSecondsMinutesHoursAndMillis() {
        assertThat(ReliabilityMain.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ReliabilityMain.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(ReliabilityMain.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ReliabilityMain.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> ReliabilityMain.parse("10 minutes")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void unknownMode_isAUsageError_beforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReliabilityMain()).setErr(new PrintWriter(err));

        int code = cli.execute("--mode", "chaos", "--duration", "1s", "--out", "target/reliability/usage");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown mode chaos");
    }

    @Test
    void faultPlan_roundTripsThroughItsEncoding_andRejectsBadRates() {
        FaultPlan plan = new FaultPlan(0.1, 0.2, 0.3, 0.4, Duration.ofMillis(1500));

        assertThat(FaultPlan.decode(plan.encode())).isEqualTo(plan);
        assertThatThrownBy(() -> FaultPlan.all(1.5, Duration.ZERO)).hasMessageContaining("probability");
        assertThatThrownBy(() -> FaultPlan.decode("0.1,0.2")).hasMessageContaining("expected");
    }
}
