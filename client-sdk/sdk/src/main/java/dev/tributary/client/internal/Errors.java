package dev.tributary.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.AuthorizationException;
import dev.tributary.client.CorruptSegmentException;
import dev.tributary.client.FencedException;
import dev.tributary.client.GroupNotFoundException;
import dev.tributary.client.InvalidRequestException;
import dev.tributary.client.OffsetMismatchException;
import dev.tributary.client.OffsetOutOfRangeException;
import dev.tributary.client.OutOfOrderSequenceException;
import dev.tributary.client.PartitionNotFoundException;
import dev.tributary.client.RecordTooLargeException;
import dev.tributary.client.RetriableException;
import dev.tributary.client.ServiceUnavailableException;
import dev.tributary.client.ThrottledException;
import dev.tributary.client.TopicExistsException;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TributaryException;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps the service's problem+json {@code errorCode} (the shared {@link ErrorCode}) and
 * transport failures to the SDK's typed exceptions, so every client reports the same
 * condition with the same type. Stateless and thread-safe.
 */
public final class Errors {
    /** The stack each exception had where it was raised, before callers' frames were added. */
    private static final Map<Throwable, StackTraceElement[]> RAISED_AT =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Errors() {
    }

    /**
     * The exception for an error response.
     *
     * @param problem    the parsed problem+json body, or null when the body was not one
     * @param retryAfter the {@code Retry-After} wait, or null
     */
    public static TributaryException fromProblem(int status, JsonNode problem, Duration retryAfter) {
        ErrorCode code = null;
        String detail = null;
        if (problem != null && problem.isObject()) {
            if (problem.hasNonNull("errorCode")) {
                code = ErrorCode.fromName(problem.get("errorCode").asText());
            }
            detail = text(problem, "detail");
            if (detail == null) {
                detail = text(problem, "title");
            }
        }
        if (code == null) {
            code = ErrorCode.forStatus(status);
            if (detail == null) {
                detail = "The endpoint answered HTTP " + status + " without a Tributary error body; check that the "
                        + "endpoint is a Tributary service";
            }
        }
        String message = (detail == null ? code.title() : detail) + " (" + code.name() + ", HTTP " + status + ")";
        return forCode(code, message, problem, retryAfter, status);
    }

    private static TributaryException forCode(ErrorCode code, String message, JsonNode problem,
                                              Duration retryAfter, int status) {
        return switch (code) {
            case TOPIC_NOT_FOUND -> new TopicNotFoundException(code, message, null);
            case PARTITION_NOT_FOUND -> new PartitionNotFoundException(code, message, null);
            case TOPIC_ALREADY_EXISTS -> new TopicExistsException(code, message, null);
            case OFFSET_OUT_OF_RANGE -> new OffsetOutOfRangeException(message,
                    longField(problem, "earliestOffset"), longField(problem, "latestOffset"));
            case RECORD_TOO_LARGE, REQUEST_TOO_LARGE -> new RecordTooLargeException(code, message, null);
            case PRODUCER_FENCED, FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER -> new FencedException(code, message, null);
            case OUT_OF_ORDER_SEQUENCE -> new OutOfOrderSequenceException(code, message, null);
            case OFFSET_MISMATCH -> new OffsetMismatchException(message, longField(problem, "expectedOffset"),
                    longField(problem, "latestOffset"));
            case CORRUPT_BATCH -> new CorruptSegmentException(message, null);
            case INVALID_REQUEST, INVALID_TOPIC_NAME, UNSUPPORTED_MEDIA_TYPE, METHOD_NOT_ALLOWED ->
                    new InvalidRequestException(code, message, null);
            case UNAUTHORIZED, FORBIDDEN -> new AuthorizationException(code, message, null);
            case GROUP_NOT_FOUND -> new GroupNotFoundException(code, message, null);
            case GROUP_NOT_EMPTY -> new TributaryException(code, message, null);
            case THROTTLED -> new ThrottledException(message, retryAfter);
            case STORAGE_UNAVAILABLE -> new ServiceUnavailableException(code, message, retryAfter);
            case INTERNAL_ERROR -> status >= 500
                    ? new ServiceUnavailableException(code, message, retryAfter)
                    : new TributaryException(code, message, null);
            default -> code.retriable()
                    ? new RetriableException(code, message, null)
                    : new TributaryException(code, message, null);
        };
    }

    /** The SDK exception for a format error raised by the core codecs. */
    public static TributaryException fromCore(ApiException e) {
        if (e instanceof dev.tributary.core.format.CorruptSegmentException) {
            return new CorruptSegmentException(e.getMessage(), e);
        }
        return forCode(e.code(), e.getMessage(), null, null, e.code().httpStatus());
    }

    /**
     * Adds the calling thread's frames to an exception raised on another thread (an HTTP
     * client or timer thread), so that the trace shows where the caller waited for it: the
     * frames where it was raised come first, the caller's after them. The same exception
     * may be thrown again later (a partition's stored error); each throw shows its own
     * caller.
     *
     * @return {@code e}, for {@code throw Errors.withCallerFrames(e)}
     */
    public static <E extends Throwable> E withCallerFrames(E e) {
        StackTraceElement[] raised = RAISED_AT.computeIfAbsent(e, Throwable::getStackTrace);
        StackTraceElement[] here = new Throwable().getStackTrace();
        StackTraceElement[] merged = Arrays.copyOf(raised, raised.length + here.length - 1);
        System.arraycopy(here, 1, merged, raised.length, here.length - 1);
        e.setStackTrace(merged);
        return e;
    }

    /** Why ZSTD cannot be used: its codec is an optional dependency. */
    public static final String ZSTD_MISSING = "ZSTD compression needs com.github.luben:zstd-jni on the class path "
            + "(an optional dependency of the SDK); add it, or use LZ4";

    /** Whether the ZSTD codec is on the class path. */
    public static boolean zstdAvailable() {
        try {
            Class.forName("com.github.luben.zstd.Zstd", false, Errors.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Unwraps completion wrappers and turns transport failures into SDK exceptions:
     * timeouts and I/O errors are retriable, since the request may not have arrived.
     */
    public static TributaryException wrap(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof TributaryException te) {
            return te;
        }
        if (cause instanceof ApiException ae) {
            return fromCore(ae);
        }
        if (cause instanceof HttpTimeoutException) {
            return new TributaryTimeoutException("Request timed out: " + cause.getMessage(), cause);
        }
        if (cause instanceof IOException) {
            return new RetriableException("Connection problem: " + cause, cause);
        }
        if (cause instanceof LinkageError && String.valueOf(cause.getMessage()).contains("com/github/luben/zstd")) {
            return new TributaryException(ZSTD_MISSING, cause);
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new TributaryException("Interrupted", cause);
        }
        return new TributaryException("Unexpected client error: " + cause, cause);
    }

    public static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A {@code Retry-After} header in seconds; HTTP dates are not used by the service. */
    public static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The wait a retriable error asked for, or null. */
    public static Duration retryAfter(Throwable t) {
        if (t instanceof ThrottledException th) {
            return th.retryAfter();
        }
        if (t instanceof ServiceUnavailableException su) {
            return su.retryAfter();
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static long longField(JsonNode node, String field) {
        if (node == null) {
            return -1;
        }
        JsonNode v = node.get(field);
        return v == null || !v.canConvertToLong() ? -1 : v.asLong();
    }
}
