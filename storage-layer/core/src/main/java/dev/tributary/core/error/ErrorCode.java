package dev.tributary.core.error;

/**
 * Every error the service reports, with its stable name, HTTP status and whether a
 * client may retry the same request unchanged.
 *
 * <p>The name is the {@code errorCode} field of a problem+json response and never
 * changes once published; the SDK maps it back to a typed exception. Modelled on
 * Kafka's {@code Errors}.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, false, "Invalid request"),
    INVALID_TOPIC_NAME(400, false, "Invalid topic name"),
    CORRUPT_BATCH(400, false, "Corrupt batch"),
    UNAUTHORIZED(401, false, "Unauthorized"),
    FORBIDDEN(403, false, "Forbidden"),
    TOPIC_NOT_FOUND(404, false, "Topic not found"),
    PARTITION_NOT_FOUND(404, false, "Partition not found"),
    GROUP_NOT_FOUND(404, false, "Group not found"),
    UNKNOWN_MEMBER(404, false, "Unknown member"),
    NOT_FOUND(404, false, "Not found"),
    METHOD_NOT_ALLOWED(405, false, "Method not allowed"),
    TOPIC_ALREADY_EXISTS(409, false, "Topic already exists"),
    PRODUCER_FENCED(409, false, "Producer fenced"),
    OUT_OF_ORDER_SEQUENCE(409, false, "Out of order sequence"),
    FENCED_MEMBER_EPOCH(409, false, "Fenced member epoch"),
    OFFSET_MISMATCH(409, false, "Offset mismatch"),
    GROUP_NOT_EMPTY(409, false, "Group not empty"),
    RECORD_TOO_LARGE(413, false, "Record too large"),
    REQUEST_TOO_LARGE(413, false, "Request too large"),
    UNSUPPORTED_MEDIA_TYPE(415, false, "Unsupported media type"),
    OFFSET_OUT_OF_RANGE(416, false, "Offset out of range"),
    THROTTLED(429, true, "Throttled"),
    INTERNAL_ERROR(500, true, "Internal error"),
    STORAGE_UNAVAILABLE(503, true, "Storage unavailable");

    private final int httpStatus;
    private final boolean retriable;
    private final String title;

    ErrorCode(int httpStatus, boolean retriable, String title) {
        this.httpStatus = httpStatus;
        this.retriable = retriable;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retriable() {
        return retriable;
    }

    public String title() {
        return title;
    }

    /** The problem {@code type} URI for this code. */
    public String typeUri() {
        return "https://tributary.dev/problems/" + name().toLowerCase().replace('_', '-');
    }

    /** The code with this name, or {@link #INTERNAL_ERROR} for a name this version does not know. */
    public static ErrorCode fromName(String name) {
        if (name != null) {
            for (ErrorCode code : values()) {
                if (code.name().equals(name)) {
                    return code;
                }
            }
        }
        return INTERNAL_ERROR;
    }

    /**
     * The code implied by a bare HTTP status, for answers without a problem body (a
     * gateway, a proxy, or the HTTP layer itself: no route, wrong method, body too large).
     * The one mapping from status to code, used by the service and the clients alike.
     */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> REQUEST_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 416 -> OFFSET_OUT_OF_RANGE;
            case 429 -> THROTTLED;
            case 502, 503, 504 -> STORAGE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_ERROR;
        };
    }
}
