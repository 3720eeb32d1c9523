package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * {@code POST /v1/topics}: a topic's name, its partition count (default 1) and topic
 * configuration ({@code retention.ms}, ...), whose values are strings, whole numbers or
 * booleans.
 */
public record CreateTopicRequest(@NotNull(message = "is required") String name,
                                 @Nullable @Min(1) @Max(ApiLimits.MAX_PARTITIONS) Integer partitions,
                                 @Nullable Map<String, Object> config) {
}
