package dev.tributary.functions.metrics;

import dev.tributary.storage.AwsCallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Times every S3 and DynamoDB call ({@code tributary.aws.calls}: service, operation, outcome)
 * and counts lost conditional writes ({@code tributary.dynamodb.conflicts}: operation), which
 * for {@code TransactWriteItems} are the commits that had to be retried. Thread-safe.
 */
@Singleton
public class AwsCallMetrics implements AwsCallObserver {
    private final MeterRegistry registry;

    public AwsCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(String service, String operation, Duration elapsed, String errorCode) {
        Timer.builder("tributary.aws.calls")
                .description("S3 and DynamoDB calls, retries included")
                .tag("service", service).tag("operation", operation)
                .tag("outcome", errorCode == null ? "success" : errorCode)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(elapsed);
        if ("TransactionCanceledException".equals(errorCode) || "ConditionalCheckFailedException".equals(errorCode)) {
            Counter.builder("tributary.dynamodb.conflicts")
                    .description("DynamoDB writes refused by their condition (lost races; commits then retry)")
                    .tag("operation", operation).register(registry).increment();
        }
    }
}
