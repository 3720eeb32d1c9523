package dev.tributary.core.api;

/** {@code DELETE /v1/groups/{group}}: the group deleted and how many committed offsets went with it. */
public record GroupDeleted(String group, int deletedOffsets) {
}
