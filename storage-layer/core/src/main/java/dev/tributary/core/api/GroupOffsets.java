package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A group's offsets: the body of a commit ({@code memberId}/{@code memberEpoch} absent for
 * a standalone commit) and of {@code GET /v1/groups/{group}/offsets}.
 */
@Schema(description = "Offsets to commit, by a member of the group or standalone.")
public record GroupOffsets(@Nullable @Schema(description = "The committing member; absent for a standalone commit.") String memberId, @Nullable @Min(-1) Integer memberEpoch,
                           @NotNull(message = "is required: the offsets to commit")
                           @Size(min = 1, max = ApiLimits.MAX_COMMITTED_OFFSETS) List<PartitionOffset> offsets) {
}
