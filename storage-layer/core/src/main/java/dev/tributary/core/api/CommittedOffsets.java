package dev.tributary.core.api;

import java.util.List;

/**
 * The answer of {@code GET /v1/groups/{group}/offsets} (each offset with the partition's end
 * and the lag) and of a commit (the offsets stored, with their commit time).
 */
public record CommittedOffsets(List<PartitionOffset> offsets) {
}
