package dev.tributary.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error with a stable {@link ErrorCode}, raised anywhere on the server side and
 * turned into a problem+json response by the HTTP layer.
 *
 * <p>{@link #extensions()} carries extra problem fields (for example
 * {@code earliestOffset}/{@code latestOffset} on {@code OFFSET_OUT_OF_RANGE}).
 * Immutable once thrown; {@link #with(String, Object)} is meant for construction.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ApiException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ApiException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retriable() {
        return code.retriable();
    }

    /** Adds an extra problem field; returns this for chaining at construction. */
    public ApiException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public Map<String, Object> extensions() {
        return Collections.unmodifiableMap(extensions);
    }
}
