package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
/**
 * {@code GET /v1/topics/{topic}/partitions/{p}/offsets?at=...}: the offset found and its
 * record's timestamp (null when no record has one, for example at the end of the log).
 */
@Schema(description = "The offset found and its record's timestamp (null when no record has one).")
public record OffsetLookup(Long offset, @Nullable Long timestamp) {
}
