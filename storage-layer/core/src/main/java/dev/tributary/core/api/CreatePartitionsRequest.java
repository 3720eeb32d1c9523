package dev.tributary.core.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /v1/topics/{topic}/partitions}: the new, larger partition count (partitions only grow). */
@Schema(description = "Grows a topic; partitions are never removed.")
public record CreatePartitionsRequest(
        @Schema(description = "The new, larger partition count.") @NotNull(message = "is required: the new, larger partition count") @Min(1) @Max(ApiLimits.MAX_PARTITIONS) Integer count) {
}
