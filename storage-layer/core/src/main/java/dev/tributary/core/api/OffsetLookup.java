package dev.tributary.core.api;

import jakarta.annotation.Nullable;
/**
 * {@code GET /v1/topics/{topic}/partitions/{p}/offsets?at=...}: the offset found and its
 * record's timestamp (null when no record has one, for example at the end of the log).
 */
public record OffsetLookup(Long offset, @Nullable Long timestamp) {
}
