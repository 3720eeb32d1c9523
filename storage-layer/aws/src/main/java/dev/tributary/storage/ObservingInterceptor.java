package dev.tributary.storage;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Reports each AWS call, retries included, to an {@link AwsCallObserver}. Thread-safe. */
final class ObservingInterceptor implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("tributary.callStartedNanos");

    private final String service;
    private final AwsCallObserver observer;

    ObservingInterceptor(String service, AwsCallObserver observer) {
        this.service = service;
        this.observer = observer;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        report(attributes, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        String code = e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorCode() != null
                ? ase.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        report(attributes, code);
    }

    private void report(ExecutionAttributes attributes, String errorCode) {
        Long started = attributes.getAttribute(STARTED);
        if (started == null) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        observer.completed(service, operation == null ? "unknown" : operation,
                Duration.ofNanos(System.nanoTime() - started), errorCode);
    }
}
