package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs an AWS call and turns AWS SDK exceptions into {@link ApiException}s, so that no AWS
 * type leaves the storage layer. Lost conditional writes ({@code ConditionalCheckFailed},
 * {@code TransactionCanceled}) are expected results, not failures: they pass through for
 * the calling store to handle, and never leave it.
 */
final class AwsCalls {
    private AwsCalls() {
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException | ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e;
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    static ApiException translate(String what, SdkException e) {
        if (isThrottle(e)) {
            return Errors.throttled(what, e);
        }
        return Errors.storageUnavailable(what + " failed", e);
    }

    static boolean isThrottle(Throwable e) {
        if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException) {
            return true;
        }
        if (e instanceof AwsServiceException ase) {
            return ase.isThrottlingException() || ase.statusCode() == 503 && "SlowDown".equals(
                    ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode());
        }
        return false;
    }
}
