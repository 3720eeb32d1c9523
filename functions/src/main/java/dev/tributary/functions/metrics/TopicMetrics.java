package dev.tributary.functions.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-topic traffic seen by the HTTP API: produce and fetch requests (with their outcome),
 * records and bytes, publish latency (request received to offsets acknowledged), and the
 * long polls waiting right now. Thread-safe.
 */
@Singleton
public class TopicMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger longPolls = new AtomicInteger();

    public TopicMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("tributary.fetch.long.polls", longPolls);
    }

    /**
     * Errors that can only happen once the topic was found. Any other failed request is
     * counted under {@value #OTHER_TOPIC}, so requests naming topics that do not exist
     * cannot create meters without bound.
     */
    private static final Set<String> AFTER_LOOKUP = Set.of("THROTTLED", "STORAGE_UNAVAILABLE", "PRODUCER_FENCED",
            "OUT_OF_ORDER_SEQUENCE", "OFFSET_OUT_OF_RANGE", "RECORD_TOO_LARGE", "PARTITION_NOT_FOUND", "INTERNAL_ERROR");
    static final String OTHER_TOPIC = "_other";

    private static String topicTag(String topic, String errorCode) {
        return errorCode == null || AFTER_LOOKUP.contains(errorCode) ? topic : OTHER_TOPIC;
    }

    /** A produce request finished; {@code errorCode} is null when it was stored. */
    public void produced(String topic, int records, long bytes, Duration elapsed, String errorCode) {
        String outcome = errorCode == null ? "success" : errorCode;
        topic = topicTag(topic, errorCode);
        Counter.builder("tributary.topic.produce.requests").description("Produce requests by topic and outcome")
                .tag("topic", topic).tag("outcome", outcome).register(registry).increment();
        Timer.builder("tributary.publish.latency")
                .description("Produce request received to offsets acknowledged (S3 PUT and DynamoDB commit included)")
                .tag("topic", topic).tag("outcome", errorCode == null ? "success" : "failure")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(elapsed);
        if (errorCode == null) {
            Counter.builder("tributary.topic.produced.records").description("Records stored, by topic")
                    .tag("topic", topic).register(registry).increment(records);
            Counter.builder("tributary.topic.produced.bytes").baseUnit("bytes")
                    .description("Produce request bytes stored, by topic").tag("topic", topic).register(registry).increment(bytes);
        }
    }

    /** A fetch request finished; {@code errorCode} is null when it answered records (possibly none). */
    public void fetched(String topic, int records, long bytes, String errorCode) {
        topic = topicTag(topic, errorCode);
        Counter.builder("tributary.topic.fetch.requests").description("Fetch requests by topic and outcome")
                .tag("topic", topic).tag("outcome", errorCode == null ? "success" : errorCode)
                .register(registry).increment();
        if (errorCode == null) {
            Counter.builder("tributary.topic.fetched.records").description("Records answered to fetches, by topic")
                    .tag("topic", topic).register(registry).increment(records);
            Counter.builder("tributary.topic.fetched.bytes").baseUnit("bytes")
                    .description("Bytes of fetch answers, by topic").tag("topic", topic).register(registry).increment(bytes);
        }
    }

    /** A fetch that may wait for data started; call {@link #longPollEnded()} when it answers. */
    public void longPollStarted() {
        longPolls.incrementAndGet();
    }

    public void longPollEnded() {
        longPolls.decrementAndGet();
    }

    /** Long polls waiting now. */
    public int longPolls() {
        return longPolls.get();
    }
}
