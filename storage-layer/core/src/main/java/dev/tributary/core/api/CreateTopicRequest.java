package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/topics}: a topic's name, its partition count (default 1) and topic
 * configuration ({@code retention.ms}, ...), whose values are strings, whole numbers or
 * booleans.
 */
@Schema(description = "A topic to create: its name, partition count (default 1) and configuration.")
public record CreateTopicRequest(@NotNull(message = "is required")
                                 @Schema(description = "Kafka's topic name rule; not . or ..", pattern = ApiLimits.TOPIC_NAME_PATTERN,
                                         example = "orders") String name,
                                 @Nullable @Min(1) @Max(ApiLimits.MAX_PARTITIONS) Integer partitions,
                                 @Nullable @Schema(description = ApiLimits.TOPIC_CONFIG) Map<String, Object> config) {
}
