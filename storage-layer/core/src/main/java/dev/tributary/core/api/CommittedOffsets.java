package dev.tributary.core.api;

import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of {@code GET /v1/groups/{group}/offsets} (each offset with the partition's end
 * and the lag) and of a commit (the offsets stored, with their commit time).
 */
@Schema(description = "A group's committed offsets; read back, each with the partition's end and the lag.")
public record CommittedOffsets(List<PartitionOffset> offsets) {
}
