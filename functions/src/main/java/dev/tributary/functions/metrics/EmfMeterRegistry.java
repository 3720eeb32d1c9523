package dev.tributary.functions.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import io.micrometer.core.instrument.util.NamedThreadFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes each step's meters as CloudWatch embedded metric format (EMF) log lines: on Lambda,
 * CloudWatch Logs turns them into metrics without any API call from the function. One JSON
 * line per meter with activity in the step; tags become dimensions. Timers report
 * {@code .count}, {@code .sum} and {@code .max} in milliseconds. Thread-safe.
 */
public final class EmfMeterRegistry extends StepMeterRegistry {
    private static final JsonFactory JSON = new JsonFactory();

    private final String namespace;
    private final Consumer<String> sink;

    public EmfMeterRegistry(String namespace, Duration step, Clock clock, Consumer<String> sink) {
        super(config(step), clock);
        this.namespace = namespace;
        this.sink = sink;
    }

    private static StepRegistryConfig config(Duration step) {
        return new StepRegistryConfig() {
            @Override
            public String prefix() {
                return "emf";
            }

            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public Duration step() {
                return step;
            }
        };
    }

    /** Starts publishing every step on a daemon thread. */
    public EmfMeterRegistry startPublishing() {
        start(new NamedThreadFactory("emf-metrics"));
        return this;
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }

    @Override
    protected void publish() {
        long timestamp = clock.wallTime();
        for (Meter meter : getMeters()) {
            Map<String, Double> values = new LinkedHashMap<>();
            String unit = "None";
            if (meter instanceof TimeGauge g) {
                values.put("", g.value(TimeUnit.MILLISECONDS));
                unit = "Milliseconds";
            } else if (meter instanceof Gauge g) {
                values.put("", g.value());
            } else if (meter instanceof Counter c) {
                putIfActive(values, "", c.count());
                unit = "Count";
            } else if (meter instanceof FunctionCounter c) {
                putIfActive(values, "", c.count());
                unit = "Count";
            } else if (meter instanceof Timer t) {
                if (t.count() > 0) {
                    values.put(".count", (double) t.count());
                    values.put(".sum", t.totalTime(TimeUnit.MILLISECONDS));
                    values.put(".max", t.max(TimeUnit.MILLISECONDS));
                }
                unit = "Milliseconds";
            } else if (meter instanceof FunctionTimer t) {
                if (t.count() > 0) {
                    values.put(".count", t.count());
                    values.put(".sum", t.totalTime(TimeUnit.MILLISECONDS));
                }
                unit = "Milliseconds";
            } else if (meter instanceof DistributionSummary s) {
                if (s.count() > 0) {
                    values.put(".count", (double) s.count());
                    values.put(".sum", s.totalAmount());
                    values.put(".max", s.max());
                }
            }
            values.values().removeIf(v -> v.isNaN() || v.isInfinite());
            if (!values.isEmpty()) {
                sink.accept(line(timestamp, meter, values, unit));
            }
        }
    }

    private static void putIfActive(Map<String, Double> values, String suffix, double count) {
        if (count > 0) {
            values.put(suffix, count);
        }
    }

    private String line(long timestamp, Meter meter, Map<String, Double> values, String unit) {
        String name = meter.getId().getName();
        List<Tag> tags = new ArrayList<>(meter.getId().getTags());
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestamp);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            for (Tag t : tags) {
                g.writeString(t.getKey());
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (String suffix : values.keySet()) {
                g.writeStartObject();
                g.writeStringField("Name", name + suffix);
                g.writeStringField("Unit", suffix.equals(".count") ? "Count" : unit);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (Tag t : tags) {
                g.writeStringField(t.getKey(), t.getValue());
            }
            for (Map.Entry<String, Double> e : values.entrySet()) {
                g.writeNumberField(name + e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
