package dev.tributary.client;

import dev.tributary.core.error.ErrorCode;

/**
 * The partition does not exist in the topic; the topic may have fewer partitions than the client assumed. Immutable once thrown.
 */
public class PartitionNotFoundException extends TributaryException {

    public PartitionNotFoundException(String message) {
        super(message);
    }

    public PartitionNotFoundException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
