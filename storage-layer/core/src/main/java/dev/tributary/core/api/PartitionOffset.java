package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One partition's offset in a group: committed ({@code POST /v1/groups/{group}/offsets}),
 * or read back with the partition's end and the lag ({@code GET}); {@code logEndOffset}
 * and {@code lag} are null in a commit (and when the topic no longer exists),
 * {@code commitTimeMs} (epoch milliseconds) is set in answers only.
 */
public record PartitionOffset(@NotNull(message = "is required") String topic,
                              @NotNull(message = "is required") @Min(0) Integer partition,
                              @NotNull(message = "is required") @Min(0) Long offset,
                              @Nullable @Size(max = ApiLimits.MAX_METADATA_CHARS) String metadata,
                              @Nullable Long logEndOffset, @Nullable Long lag,
                              @Nullable Long commitTimeMs) {

    /** An offset to commit. */
    public static PartitionOffset commit(String topic, int partition, long offset, String metadata) {
        return new PartitionOffset(topic, partition, offset, metadata, null, null, null);
    }
}
