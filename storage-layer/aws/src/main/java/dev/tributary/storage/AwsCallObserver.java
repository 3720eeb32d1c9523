package dev.tributary.storage;

import java.time.Duration;

/**
 * Told about every call the storage layer makes to S3 and DynamoDB, after it completes, so
 * the application can time and count them without AWS SDK types leaving this module.
 * Implementations must be thread-safe and fast: they run on the calling thread.
 */
@FunctionalInterface
public interface AwsCallObserver {
    /** Observes nothing. */
    AwsCallObserver NONE = (service, operation, elapsed, errorCode) -> { };

    /**
     * @param service   {@code S3} or {@code DynamoDB}
     * @param operation the API operation, e.g. {@code PutObject}, {@code TransactWriteItems}
     * @param elapsed   time from the first attempt's start to the final answer, retries included
     * @param errorCode {@code null} when the call succeeded; else the service's error code (e.g.
     *                  {@code TransactionCanceledException}, {@code ConditionalCheckFailedException},
     *                  {@code NoSuchKey}) or the client-side exception's simple class name
     */
    void completed(String service, String operation, Duration elapsed, String errorCode);
}
