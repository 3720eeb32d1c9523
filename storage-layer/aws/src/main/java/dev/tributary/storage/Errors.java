package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;

/** Factories for the errors the stores raise, so their wording stays the same everywhere. */
public final class Errors {
    private Errors() {
    }

    public static ApiException topicNotFound(String name) {
        return new ApiException(ErrorCode.TOPIC_NOT_FOUND, "Topic '" + name + "' does not exist.").with("topic", name);
    }

    public static ApiException partitionNotFound(String topic, int partition, int partitions) {
        return new ApiException(ErrorCode.PARTITION_NOT_FOUND,
                "Topic '" + topic + "' has partitions 0.." + (partitions - 1) + "; partition " + partition + " does not exist.")
                .with("topic", topic).with("partition", partition);
    }

    public static ApiException storageUnavailable(String what, Throwable cause) {
        return new ApiException(ErrorCode.STORAGE_UNAVAILABLE, what + ": " + cause.getMessage(), cause);
    }

    public static ApiException throttled(String what, Throwable cause) {
        return new ApiException(ErrorCode.THROTTLED, what + " was throttled by the storage service; retry later.", cause);
    }
}
