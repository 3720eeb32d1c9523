package dev.tributary.functions.maintenance;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What one merging pass did.
 *
 * @param shardsChecked   shards whose entries were examined
 * @param merges          runs merged into new objects (override records written)
 * @param entriesReplaced entries those runs replaced
 * @param bytesMerged     bytes copied into the new objects
 * @param shardsBusy      shards skipped because another worker held their lease
 * @param shardsFenced    shards where the lease moved while this worker merged
 * @param complete        whether every shard was examined (false: a per-run bound was hit)
 */
@Serdeable
public record MergeReport(int shardsChecked, int merges, long entriesReplaced, long bytesMerged, int shardsBusy,
                          int shardsFenced, boolean complete) {
}
