package dev.tributary.reliability.faults;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Storage faults between the service and S3/DynamoDB, as an AWS SDK interceptor on the
 * service's own clients (installed through {@code StorageInterceptors}). Per HTTP attempt it may:
 * fail it with a 500 or throttle it before it is sent (not applied); or let it through and then
 * delay the answer or lose it (applied, the caller cannot tell). The SDK's retries and the
 * service's own handling see exactly what a real outage would show them.
 *
 * <p>Off until {@link #enable()}; thread-safe. Every fault is reported to the listener with its
 * kind ({@code error}, {@code throttle}, {@code latency}, {@code lost-response}) and the call.
 */
public final class StorageFaults implements ExecutionInterceptor {
    private final FaultPlan plan;
    private final Random random;
    private final BiConsumer<String, String> listener;
    private final AtomicBoolean enabled = new AtomicBoolean();
    private final AtomicLong injected = new AtomicLong();
    private volatile long outageUntilNanos;

    public StorageFaults(FaultPlan plan, long seed, BiConsumer<String, String> listener) {
        this.plan = plan;
        this.random = new Random(seed);
        this.listener = listener;
    }

    public void enable() {
        enabled.set(true);
    }

    public void disable() {
        enabled.set(false);
    }

    /**
     * For {@code duration} from now every call fails: a third with a 500, a third throttled (both
     * not applied), a third applied with its answer lost. Long enough, it outlasts the SDK's
     * retries, so the service itself has to answer without knowing what was stored.
     */
    public void outage(java.time.Duration duration) {
        outageUntilNanos = System.nanoTime() + duration.toNanos();
    }

    private boolean inOutage() {
        return System.nanoTime() - outageUntilNanos < 0;
    }

    /** Faults injected so far. */
    public long injected() {
        return injected.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!enabled.get()) {
            return;
        }
        boolean s3 = isS3(attributes);
        double outageDraw = inOutage() ? nextDouble() : 1;
        if (outageDraw < 1.0 / 3 || chance(plan.errorRate())) {
            report("error", attributes);
            throw serviceError(s3, 500, s3 ? "InternalError" : "InternalServerError", "injected: internal error");
        }
        if (outageDraw < 2.0 / 3 || chance(plan.throttleRate())) {
            report("throttle", attributes);
            throw s3 ? serviceError(true, 503, "SlowDown", "injected: please reduce your request rate")
                    : serviceError(false, 400, "ProvisionedThroughputExceededException", "injected: throughput exceeded");
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (!enabled.get()) {
            return;
        }
        if (chance(plan.latencyRate()) && !plan.maxLatency().isZero()) {
            long millis = 1 + (long) (nextDouble() * plan.maxLatency().toMillis());
            report("latency", attributes);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SdkClientException.create("injected delay interrupted", e);
            }
        }
        if (inOutage() || chance(plan.lostResponseRate())) {
            report("lost-response", attributes);
            throw SdkClientException.create("injected: the call was applied but its answer was lost",
                    new IOException("Connection reset (injected)"));
        }
    }

    private boolean chance(double rate) {
        return rate > 0 && nextDouble() < rate;
    }

    private double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private void report(String kind, ExecutionAttributes attributes) {
        injected.incrementAndGet();
        listener.accept(kind, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    private static boolean isS3(ExecutionAttributes attributes) {
        return "S3".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    }

    private static RuntimeException serviceError(boolean s3, int status, String code, String message) {
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName(s3 ? "S3" : "DynamoDb").build();
        return s3 ? S3Exception.builder().statusCode(status).awsErrorDetails(details).message(message).build()
                : DynamoDbException.builder().statusCode(status).awsErrorDetails(details).message(message).build();
    }
}
