package dev.tributary.functions.maintenance;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What reclaiming storage below the log starts did in one run.
 *
 * @param shardsWorked      shards whose segments were released or whose log was trimmed
 * @param recordsReleased   log records whose segment references were released
 * @param segmentsReleased  segments whose live extent count reached zero
 * @param logItemsTrimmed   log records deleted below the start
 * @param objectsDeleted    unreferenced segment objects deleted (with their reference items)
 * @param bytesDeleted      their sizes
 * @param shardsBusy        shards skipped because another worker held their lease
 * @param fenced            units of work stopped because their lease moved
 * @param complete          whether every candidate was handled (false: a per-run bound was hit)
 * @param segmentsNotCounted segments whose live count was lower than what was released from them; their
 *                          counts were left unchanged, so they are kept (never expected; logged)
 */
@Serdeable
public record ReclaimReport(int shardsWorked, long recordsReleased, int segmentsReleased, long logItemsTrimmed,
                            int objectsDeleted, long bytesDeleted, int shardsBusy, int fenced, boolean complete,
                            int segmentsNotCounted) {
}
