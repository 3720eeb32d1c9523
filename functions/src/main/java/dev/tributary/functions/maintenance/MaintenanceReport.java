package dev.tributary.functions.maintenance;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What one maintenance run found and did; the scheduled function's result.
 *
 * @param orphansFound    uncommitted segment objects older than the report threshold
 * @param orphansDeleted  those of them old enough to delete, and deleted
 * @param orphanKeys      keys of the orphans found (at most 100, for the log)
 * @param durationMs      wall time of the run
 * @param startedAtMs     when the run started
 * @param retention       what retention did (null when it did not run)
 * @param deletedTopics   what garbage collection of deleted topics did (null when it did not run)
 * @param merging         what merging of small entries did (null when it did not run)
 * @param reclaim         what reclaiming storage below the log starts did (null when it did not run)
 */
@Serdeable
public record MaintenanceReport(int orphansFound, int orphansDeleted, List<String> orphanKeys, long durationMs,
                                long startedAtMs, RetentionReport retention, DeletedTopicsReport deletedTopics,
                                MergeReport merging, ReclaimReport reclaim) {
    /** A report without the merge and reclaim passes' results. */
    public MaintenanceReport(int orphansFound, int orphansDeleted, List<String> orphanKeys, long durationMs,
                             long startedAtMs, RetentionReport retention, DeletedTopicsReport deletedTopics) {
        this(orphansFound, orphansDeleted, orphanKeys, durationMs, startedAtMs, retention, deletedTopics, null, null);
    }

    /** This report with what merging did. */
    public MaintenanceReport withMerging(MergeReport report) {
        return new MaintenanceReport(orphansFound, orphansDeleted, orphanKeys, durationMs, startedAtMs, retention,
                deletedTopics, report, reclaim);
    }

    /** This report with the reclaim pass's results. */
    public MaintenanceReport withReclaim(ReclaimReport reclaimReport) {
        return new MaintenanceReport(orphansFound, orphansDeleted, orphanKeys, durationMs, startedAtMs, retention,
                deletedTopics, merging, reclaimReport);
    }

    /** This report with the other passes' results and the whole run's timing. */
    public MaintenanceReport with(RetentionReport retentionReport, DeletedTopicsReport gc, long runStartedAtMs,
                                  long runDurationMs) {
        return new MaintenanceReport(orphansFound, orphansDeleted, orphanKeys, runDurationMs, runStartedAtMs,
                retentionReport, gc, merging, reclaim);
    }

    /**
     * What garbage collection of deleted topics did (see {@code DeletedTopicCollector}).
     *
     * @param topicsCollected deleted topics now entirely removed
     * @param logItemsDeleted their log records deleted
     * @param segmentsDeleted segment objects (with references) deleted
     * @param topicsBusy      skipped: another worker held the topic's lease
     * @param topicsFenced    stopped: the lease moved during the work
     * @param topicsWaiting   still inside the grace period
     * @param leftoversDeleted producer snapshots and producer-state items of collected topics deleted
     * @param offsetsDeleted  committed group offsets of deleted or re-created topics deleted
     */
    @Serdeable
    public record DeletedTopicsReport(int topicsCollected, long logItemsDeleted, int segmentsDeleted, int topicsBusy,
                                      int topicsFenced, int topicsWaiting, int leftoversDeleted, int offsetsDeleted) {
    }
}
