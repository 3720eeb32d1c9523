package dev.tributary.functions.maintenance;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Settings under {@code tributary.maintenance.*}. Mutable only while Micronaut binds it;
 * treat as read-only.
 */
@ConfigurationProperties("tributary.maintenance")
public class MaintenanceConfig {
    /**
     * An uncommitted segment object younger than this is left alone and not reported: its
     * commit may still be in flight.
     */
    private Duration orphanReportAfter = Duration.ofMinutes(10);
    /**
     * An uncommitted segment object older than this is deleted. A commit is attempted within
     * seconds of its PUT and gives up after the AWS call timeout (30 s), so an hour leaves a
     * wide margin; set {@code orphan-delete-enabled: false} to only report.
     */
    private Duration orphanDeleteAfter = Duration.ofHours(1);
    private boolean orphanDeleteEnabled = true;
    /** Most orphans deleted by one run, so a run stays well inside the function timeout. */
    private int maxDeletesPerRun = 1000;
    /** How often local mode runs maintenance in-process (there is no scheduler there); 0 turns it off. */
    private Duration localInterval = Duration.ofMinutes(10);

    public Duration getOrphanReportAfter() { return orphanReportAfter; }
    public void setOrphanReportAfter(Duration orphanReportAfter) { this.orphanReportAfter = orphanReportAfter; }
    public Duration getOrphanDeleteAfter() { return orphanDeleteAfter; }
    public void setOrphanDeleteAfter(Duration orphanDeleteAfter) { this.orphanDeleteAfter = orphanDeleteAfter; }
    public boolean isOrphanDeleteEnabled() { return orphanDeleteEnabled; }
    public void setOrphanDeleteEnabled(boolean orphanDeleteEnabled) { this.orphanDeleteEnabled = orphanDeleteEnabled; }
    public int getMaxDeletesPerRun() { return maxDeletesPerRun; }
    public void setMaxDeletesPerRun(int maxDeletesPerRun) { this.maxDeletesPerRun = maxDeletesPerRun; }
    public Duration getLocalInterval() { return localInterval; }
    public void setLocalInterval(Duration localInterval) { this.localInterval = localInterval; }
}
