package dev.tributary.core.api;

import jakarta.validation.constraints.NotNull;
import java.util.Map;

/** {@code PATCH /v1/topics/{topic}}: the configuration keys to change; keys left out keep their values. */
public record AlterTopicConfigRequest(
        @NotNull(message = "is required, e.g. {\"config\": {\"retention.ms\": 86400000}}") Map<String, Object> config) {
}
