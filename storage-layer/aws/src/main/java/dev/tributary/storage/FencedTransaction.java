package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One {@code TransactWriteItems} of maintenance writes plus the condition check that the
 * worker's lease is still held at its epoch ({@link DynamoDbLeaseStore#fence}). Transient
 * cancellations (another transaction on the same items, throttling) and failed calls are
 * retried; callers condition every write on the state they read, so a retry of a write that
 * was in fact applied comes back as {@link Result#CONFLICT} and the caller re-reads. Stateless.
 */
final class FencedTransaction {
    private static final int MAX_ATTEMPTS = 8;

    private FencedTransaction() {
    }

    enum Result {
        APPLIED,
        /** the lease moved: the worker must stop */
        FENCED,
        /** a condition of one of the writes failed: see {@link Outcome#failed()} */
        CONFLICT
    }

    /** What happened, with the indexes (into the writes) whose condition failed. */
    record Outcome(Result result, List<Integer> failed) {
    }

    static Outcome write(DynamoDbClient dynamo, DynamoDbTables tables, List<TransactWriteItem> writes, Lease lease,
                         String what) {
        List<TransactWriteItem> items = new ArrayList<>(writes);
        items.add(TransactWriteItem.builder().conditionCheck(DynamoDbLeaseStore.fence(tables, lease)).build());
        SdkException last = null;
        for (int n = 1; n <= MAX_ATTEMPTS; n++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items));
                return new Outcome(Result.APPLIED, List.of());
            } catch (TransactionCanceledException e) {
                last = e;
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() == items.size() && failed(reasons.get(items.size() - 1))) {
                    return new Outcome(Result.FENCED, List.of());
                }
                List<Integer> failed = new ArrayList<>();
                for (int i = 0; i < reasons.size() && i < writes.size(); i++) {
                    if (failed(reasons.get(i))) {
                        failed.add(i);
                    }
                }
                if (!failed.isEmpty()) {
                    return new Outcome(Result.CONFLICT, failed);
                }
            } catch (SdkException e) {
                last = e;
            }
            Backoff.STORAGE.pause(n);
        }
        if (AwsCalls.isThrottle(last)) {
            throw Errors.throttled(what, last);
        }
        throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, what + " failed " + MAX_ATTEMPTS + " times: "
                + (last == null ? "contention" : last.getMessage()), last);
    }

    private static boolean failed(CancellationReason reason) {
        return "ConditionalCheckFailed".equals(reason.code());
    }
}
