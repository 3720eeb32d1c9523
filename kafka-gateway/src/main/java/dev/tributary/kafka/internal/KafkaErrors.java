package dev.tributary.kafka.internal;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.format.CorruptSegmentException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.protocol.Errors;

/**
 * Translates Tributary's errors into Kafka error codes, so Kafka clients see the code their
 * own broker would send (and retry exactly what they would retry). Stateless.
 */
public final class KafkaErrors {
    private KafkaErrors() {
    }

    /** The Kafka error for a failure of a service call (unwrapping future wrappers). */
    public static Errors of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof CorruptSegmentException) {
            return Errors.CORRUPT_MESSAGE;
        }
        if (e instanceof ApiException api) {
            return switch (api.code()) {
                // A refused record (e.g. no key on a compacted topic) is INVALID_RECORD, as a broker says.
                case INVALID_REQUEST -> api.extensions().containsKey("recordIndex") ? Errors.INVALID_RECORD
                        : Errors.INVALID_REQUEST;
                case INVALID_TOPIC_NAME -> Errors.INVALID_TOPIC_EXCEPTION;
                case CORRUPT_BATCH -> Errors.CORRUPT_MESSAGE;
                case UNAUTHORIZED -> Errors.SASL_AUTHENTICATION_FAILED;
                case FORBIDDEN -> Errors.TOPIC_AUTHORIZATION_FAILED;
                case TOPIC_NOT_FOUND, PARTITION_NOT_FOUND -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
                case GROUP_NOT_FOUND -> Errors.GROUP_ID_NOT_FOUND;
                case UNKNOWN_MEMBER -> Errors.UNKNOWN_MEMBER_ID;
                case TOPIC_ALREADY_EXISTS -> Errors.TOPIC_ALREADY_EXISTS;
                // Kafka answers a stale epoch of an idempotent (non-transactional) producer so.
                case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
                case OUT_OF_ORDER_SEQUENCE -> Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
                case FENCED_MEMBER_EPOCH -> Errors.FENCED_MEMBER_EPOCH;
                case GROUP_NOT_EMPTY -> Errors.NON_EMPTY_GROUP;
                case RECORD_TOO_LARGE, REQUEST_TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
                case OFFSET_OUT_OF_RANGE -> Errors.OFFSET_OUT_OF_RANGE;
                case THROTTLED -> Errors.THROTTLING_QUOTA_EXCEEDED;
                case STORAGE_UNAVAILABLE -> Errors.KAFKA_STORAGE_ERROR;
                default -> Errors.UNKNOWN_SERVER_ERROR;
            };
        }
        if (e instanceof org.apache.kafka.common.errors.ApiException) {
            return Errors.forException(e);
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /** The human-readable message to send along with the code, where the response has a field for it. */
    public static String message(Throwable error) {
        Throwable e = unwrap(error);
        return e.getMessage();
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
