package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An instance can run with a shifted clock, so reliability runs can give instances disagreeing clocks. */
class ClockOffsetTest {
    @Test
    void clockOffset_shiftsTheServiceClock() {
        try (TestServer server = TestServer.start(Map.of("tributary.testing.clock-offset-ms", -3_600_000L))) {
            Instant shifted = server.context().getBean(Clock.class).instant();

            assertThat(Duration.between(shifted, Instant.now())).isGreaterThan(Duration.ofMinutes(59));
        }
    }
}
