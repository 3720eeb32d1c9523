package dev.tributary.storage;

import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * AWS SDK interceptors added to the DynamoDB and S3 clients that {@link Storage} builds: a
 * hook for observing or disturbing storage calls (request counting, fault injection in
 * reliability tests) without touching the stores. Production wiring installs none.
 */
public record StorageInterceptors(List<ExecutionInterceptor> dynamoDb, List<ExecutionInterceptor> s3) {
    public static final StorageInterceptors NONE = new StorageInterceptors(List.of(), List.of());

    public StorageInterceptors {
        dynamoDb = List.copyOf(dynamoDb);
        s3 = List.copyOf(s3);
    }

    /** The same interceptor on both clients. */
    public static StorageInterceptors both(ExecutionInterceptor interceptor) {
        return new StorageInterceptors(List.of(interceptor), List.of(interceptor));
    }
}
