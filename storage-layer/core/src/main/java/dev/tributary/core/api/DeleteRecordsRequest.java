package dev.tributary.core.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code POST /v1/topics/{topic}/partitions/{p}/delete-records}: records before
 * {@code beforeOffset} become unreadable; {@code -1} means the high watermark.
 */
public record DeleteRecordsRequest(
        @NotNull(message = "is required: records before it are deleted (-1: all records)") @Min(-1) Long beforeOffset) {
}
