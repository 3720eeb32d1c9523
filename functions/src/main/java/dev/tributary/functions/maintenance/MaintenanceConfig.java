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
    private Duration localInterval = Duration.ofMinutes(5);
    /** How long a worker holds the lease on a unit of maintenance work (one shard's retention). */
    private Duration leaseDuration = Duration.ofMinutes(1);
    /** Whether retention (retention.ms, retention.bytes) is enforced by maintenance runs. */
    private boolean retentionEnabled = true;
    /** Most shards one run examines for retention; the next run continues after the last one. */
    private int maxShardsPerRun = 10_000;
    /** Most log records read per shard when deciding retention by bytes. */
    private int maxRecordsPerShard = 10_000;
    /**
     * A deleted topic's data is removed this long after the deletion: longer than presigned
     * URLs live ({@code tributary.fetch.presign-ttl}), so no reader is still fetching it.
     */
    private Duration deletedTopicGrace = Duration.ofMinutes(15);
    /** Most log items of deleted topics removed per run. */
    private int maxGcItemsPerRun = 20_000;
    /** Whether maintenance runs merge small entries into per-partition objects. */
    private boolean mergeEnabled = true;
    /** Largest object a merge writes. */
    private long mergeTargetBytes = 64L << 20;
    /** Largest extent (one ranged GET for a fetch) inside a merged object; entries below half of it count as small. */
    private int mergeExtentBytes = 1 << 20;
    /** Entries added more recently than this are not merged, so merging never races hot data. */
    private Duration mergeMinAge = Duration.ofMinutes(10);
    /** Fewest small entries in a run worth merging. */
    private int mergeMinEntries = 16;
    /** Most bytes one run copies. */
    private long mergeMaxBytesPerRun = 256L << 20;
    /**
     * A segment object nothing references any more is deleted this long after its last
     * reference was released; never less than {@code tributary.fetch.presign-ttl}, so a reader
     * holding a presigned URL for it can still fetch.
     */
    private Duration segmentGrace = Duration.ofMinutes(15);
    /** Most log records released plus trimmed below the log starts per run. */
    private int maxReclaimRecordsPerRun = 20_000;
    /** Most unreferenced segment objects deleted per run. */
    private int maxSegmentDeletesPerRun = 5_000;

    public Duration getOrphanReportAfter() { return orphanReportAfter; }
    public void setOrphanReportAfter(Duration orphanReportAfter) { this.orphanReportAfter = orphanReportAfter; }
    public Duration getOrphanDeleteAfter() { return orphanDeleteAfter; }
    public void setOrphanDeleteAfter(Duration orphanDeleteAfter) { this.orphanDeleteAfter = orphanDeleteAfter; }
    public boolean isOrphanDeleteEnabled() { return orphanDeleteEnabled; }
    public void setOrphanDeleteEnabled(boolean orphanDeleteEnabled) { this.orphanDeleteEnabled = orphanDeleteEnabled; }
    public Duration getLeaseDuration() { return leaseDuration; }
    public void setLeaseDuration(Duration leaseDuration) { this.leaseDuration = leaseDuration; }
    public boolean isRetentionEnabled() { return retentionEnabled; }
    public void setRetentionEnabled(boolean retentionEnabled) { this.retentionEnabled = retentionEnabled; }
    public int getMaxShardsPerRun() { return maxShardsPerRun; }
    public void setMaxShardsPerRun(int maxShardsPerRun) { this.maxShardsPerRun = maxShardsPerRun; }
    public int getMaxRecordsPerShard() { return maxRecordsPerShard; }
    public void setMaxRecordsPerShard(int maxRecordsPerShard) { this.maxRecordsPerShard = maxRecordsPerShard; }
    public Duration getDeletedTopicGrace() { return deletedTopicGrace; }
    public void setDeletedTopicGrace(Duration deletedTopicGrace) { this.deletedTopicGrace = deletedTopicGrace; }
    public int getMaxGcItemsPerRun() { return maxGcItemsPerRun; }
    public void setMaxGcItemsPerRun(int maxGcItemsPerRun) { this.maxGcItemsPerRun = maxGcItemsPerRun; }
    public Duration getSegmentGrace() { return segmentGrace; }
    public void setSegmentGrace(Duration segmentGrace) { this.segmentGrace = segmentGrace; }
    public int getMaxReclaimRecordsPerRun() { return maxReclaimRecordsPerRun; }
    public void setMaxReclaimRecordsPerRun(int maxReclaimRecordsPerRun) { this.maxReclaimRecordsPerRun = maxReclaimRecordsPerRun; }
    public int getMaxSegmentDeletesPerRun() { return maxSegmentDeletesPerRun; }
    public void setMaxSegmentDeletesPerRun(int maxSegmentDeletesPerRun) { this.maxSegmentDeletesPerRun = maxSegmentDeletesPerRun; }
    public int getMaxDeletesPerRun() { return maxDeletesPerRun; }
    public void setMaxDeletesPerRun(int maxDeletesPerRun) { this.maxDeletesPerRun = maxDeletesPerRun; }
    public boolean isMergeEnabled() { return mergeEnabled; }
    public void setMergeEnabled(boolean mergeEnabled) { this.mergeEnabled = mergeEnabled; }
    public long getMergeTargetBytes() { return mergeTargetBytes; }
    public void setMergeTargetBytes(long mergeTargetBytes) { this.mergeTargetBytes = mergeTargetBytes; }
    public int getMergeExtentBytes() { return mergeExtentBytes; }
    public void setMergeExtentBytes(int mergeExtentBytes) { this.mergeExtentBytes = mergeExtentBytes; }
    public Duration getMergeMinAge() { return mergeMinAge; }
    public void setMergeMinAge(Duration mergeMinAge) { this.mergeMinAge = mergeMinAge; }
    public int getMergeMinEntries() { return mergeMinEntries; }
    public void setMergeMinEntries(int mergeMinEntries) { this.mergeMinEntries = mergeMinEntries; }
    public long getMergeMaxBytesPerRun() { return mergeMaxBytesPerRun; }
    public void setMergeMaxBytesPerRun(long mergeMaxBytesPerRun) { this.mergeMaxBytesPerRun = mergeMaxBytesPerRun; }
    public Duration getLocalInterval() { return localInterval; }
    public void setLocalInterval(Duration localInterval) { this.localInterval = localInterval; }
}
