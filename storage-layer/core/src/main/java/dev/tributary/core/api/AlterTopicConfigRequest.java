package dev.tributary.core.api;

import jakarta.validation.constraints.NotNull;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code PATCH /v1/topics/{topic}}: the configuration keys to change; keys left out keep their values. */
@Schema(description = "Configuration keys to change; keys left out keep their values.")
public record AlterTopicConfigRequest(@Schema(description = ApiLimits.TOPIC_CONFIG)
        @NotNull(message = "is required, e.g. {\"config\": {\"retention.ms\": 86400000}}") Map<String, Object> config) {
}
