package dev.tributary.functions.metrics;

import io.micrometer.core.instrument.Clock;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * On Lambda (where the runtime sets {@code AWS_LAMBDA_FUNCTION_NAME}), unless
 * {@code tributary.metrics.emf.enabled} is {@code false}, meters are written to stdout as CloudWatch embedded metric format: Lambda sends
 * stdout to CloudWatch Logs, which extracts the metrics; the function makes no extra calls.
 * Micronaut adds every {@code MeterRegistry} bean to its composite registry.
 */
@Factory
public class MetricsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "aws.lambda.function.name") // AWS_LAMBDA_FUNCTION_NAME: set by the Lambda runtime only
    @Requires(property = "tributary.metrics.emf.enabled", notEquals = "false")
    EmfMeterRegistry emfMeterRegistry(@Value("${tributary.metrics.emf.namespace:Tributary}") String namespace,
                                      @Value("${tributary.metrics.emf.step:60s}") Duration step) {
        return new EmfMeterRegistry(namespace, step, Clock.SYSTEM, System.out::println).startPublishing();
    }
}
