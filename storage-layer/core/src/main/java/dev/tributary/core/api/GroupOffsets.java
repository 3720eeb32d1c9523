package dev.tributary.core.api;

import java.util.List;

/**
 * A group's offsets: the body of a commit ({@code memberId}/{@code memberEpoch} absent for
 * a standalone commit) and of {@code GET /v1/groups/{group}/offsets}.
 */
public record GroupOffsets(String memberId, Integer memberEpoch, List<PartitionOffset> offsets) {
}
