package dev.tributary.core.api;

/** {@code DELETE /v1/groups/{group}/offsets}: how many committed offsets were deleted. */
public record OffsetsDeleted(int deleted) {
}
