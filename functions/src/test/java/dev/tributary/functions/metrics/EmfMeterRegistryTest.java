package dev.tributary.functions.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MockClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfMeterRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publish_writesOneEmfLinePerActiveMeter_withTagsAsDimensions() throws Exception {
        MockClock clock = new MockClock();
        List<String> lines = new ArrayList<>();
        EmfMeterRegistry registry = new EmfMeterRegistry("Tributary", Duration.ofMinutes(1), clock, lines::add);
        registry.counter("tributary.topic.produced.records", "topic", "orders").increment(3);
        registry.timer("tributary.commit.latency", "outcome", "success").record(Duration.ofMillis(12));
        registry.counter("tributary.idle");

        clock.add(Duration.ofMinutes(1));
        registry.close();

        assertThat(lines).hasSize(2);
        JsonNode counter = lines.stream().map(EmfMeterRegistryTest::parse)
                .filter(n -> n.has("tributary.topic.produced.records")).findFirst().orElseThrow();
        assertThat(counter.get("tributary.topic.produced.records").asDouble()).isEqualTo(3);
        assertThat(counter.get("topic").asText()).isEqualTo("orders");
        JsonNode directive = counter.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("Tributary");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("topic");
        assertThat(directive.at("/Metrics/0/Unit").asText()).isEqualTo("Count");
        assertThat(counter.at("/_aws/Timestamp").asLong()).isEqualTo(clock.wallTime());

        JsonNode timer = lines.stream().map(EmfMeterRegistryTest::parse)
                .filter(n -> n.has("tributary.commit.latency.count")).findFirst().orElseThrow();
        assertThat(timer.get("tributary.commit.latency.count").asDouble()).isEqualTo(1);
        assertThat(timer.get("tributary.commit.latency.sum").asDouble()).isEqualTo(12);
        assertThat(timer.at("/_aws/CloudWatchMetrics/0/Metrics/1/Unit").asText()).isEqualTo("Milliseconds");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
