package dev.tributary.core.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code POST /v1/topics/{topic}/partitions}: the new, larger partition count (partitions only grow). */
public record CreatePartitionsRequest(
        @NotNull(message = "is required: the new, larger partition count") @Min(1) @Max(ApiLimits.MAX_PARTITIONS) Integer count) {
}
