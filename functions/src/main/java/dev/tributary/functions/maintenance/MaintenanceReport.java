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
 */
@Serdeable
public record MaintenanceReport(int orphansFound, int orphansDeleted, List<String> orphanKeys, long durationMs,
                                long startedAtMs, RetentionReport retention) {
    /** This report with the retention pass's result and the whole run's timing. */
    public MaintenanceReport with(RetentionReport retentionReport, long runStartedAtMs, long runDurationMs) {
        return new MaintenanceReport(orphansFound, orphansDeleted, orphanKeys, runDurationMs, runStartedAtMs,
                retentionReport);
    }
}
