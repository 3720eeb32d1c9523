package dev.tributary.functions.maintenance;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What one retention pass did.
 *
 * @param shardsChecked    shards whose retention was evaluated
 * @param partitionsMoved  partitions whose log start moved
 * @param recordsRemoved   records that became unreadable (sum of the start moves)
 * @param shardsBusy       shards skipped because another worker held their lease
 * @param shardsFenced     moves rejected because the lease moved while this worker worked
 * @param complete         whether every shard was checked (false: the per-run bound was hit;
 *                         the next run continues after the last shard checked)
 */
@Serdeable
public record RetentionReport(int shardsChecked, int partitionsMoved, long recordsRemoved, int shardsBusy,
                              int shardsFenced, boolean complete) {
}
