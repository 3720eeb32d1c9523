package dev.tributary.functions.maintenance;

import dev.tributary.storage.DeletedTopicCollector;
import dev.tributary.storage.Storage;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One maintenance pass: migration of first-model data (until complete), garbage collection
 * of orphaned uploads, retention, merging of small entries, garbage collection of deleted topics, reclaiming
 * storage below the log starts ({@link ReclaimJob}). Run by the scheduled Lambda function on AWS and, in local
 * mode, by {@link dev.tributary.functions.local.LocalMaintenance}. Keeps the reports of this instance's last runs, and adds each to the history shared by all
 * instances ({@code MaintenanceHistory}), for {@code GET /v1/maintenance}. Thread-safe; passes are serialized.
 */
@Singleton
public class MaintenanceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRunner.class);
    private static final int HISTORY = 20;

    private final LogMigrationRunner migration;
    private final OrphanCollector orphans;
    private final RetentionJob retention;
    private final MergeJob merging;
    private final ReclaimJob reclaim;
    private final DeletedTopicCollector deletedTopics;
    private final dev.tributary.storage.StaleOffsetCollector staleOffsets;
    private final MaintenanceConfig config;
    private final Clock clock;
    private final Deque<MaintenanceReport> history = new ArrayDeque<>();
    private final dev.tributary.storage.MaintenanceHistory shared;
    private final io.micronaut.json.JsonMapper json;
    /** This process's id in the shared history. */
    private final String instance = java.util.UUID.randomUUID().toString();

    /**
     * One run as kept in the shared history: which instance ran it, and its report.
     *
     * @param instance the running process's random id
     * @param report   what the run did
     */
    @io.micronaut.serde.annotation.Serdeable
    public record InstanceRun(String instance, MaintenanceReport report) {
    }

    public MaintenanceRunner(LogMigrationRunner migration, OrphanCollector orphans, RetentionJob retention,
                             MergeJob merging, ReclaimJob reclaim, Storage storage, MaintenanceConfig config, Clock clock,
                             io.micronaut.json.JsonMapper json) {
        this.merging = merging;
        this.migration = migration;
        this.shared = storage.maintenanceHistory();
        this.json = json;
        this.reclaim = reclaim;
        this.orphans = orphans;
        this.retention = retention;
        this.deletedTopics = storage.deletedTopics();
        this.staleOffsets = storage.staleOffsets();
        this.config = config;
        this.clock = clock;
    }

    /** Runs one pass; fails with the storage layer's {@code ApiException}. */
    public synchronized MaintenanceReport run() {
        long started = clock.millis();
        migration.migrateIfNeeded();
        MaintenanceReport report = orphans.run();
        RetentionReport retained = config.isRetentionEnabled() ? retention.run() : null;
        MergeReport merged = config.isMergeEnabled() ? merging.run() : null;
        DeletedTopicCollector.Result gc = deletedTopics.collect(config.getDeletedTopicGrace(), config.getLeaseDuration(),
                config.getMaxGcItemsPerRun());
        int offsets = staleOffsets.collect(config.getDeletedTopicGrace(), config.getMaxGcItemsPerRun());
        ReclaimReport reclaimed = reclaim.run();
        report = report.withReclaim(reclaimed).withMerging(merged).with(retained, new MaintenanceReport.DeletedTopicsReport(
                gc.topicsCollected(), gc.logItemsDeleted(), gc.segmentsDeleted(), gc.topicsBusy(), gc.topicsFenced(),
                gc.topicsWaiting(), gc.leftoversDeleted(), offsets), started, clock.millis() - started);
        synchronized (history) {
            history.addFirst(report);
            while (history.size() > HISTORY) {
                history.removeLast();
            }
        }
        share(report);
        return report;
    }

    /** Adds the run to the history every instance sees; a failure there does not fail the run. */
    private void share(MaintenanceReport report) {
        try {
            if (!shared.add(json.writeValueAsString(new InstanceRun(instance, report)), HISTORY)) {
                LOG.warn("Maintenance history: gave up adding this run after repeated races");
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Maintenance history: could not add this run ({})", e.toString());
        }
    }

    /** The latest runs of every instance (this one's included), newest first, as stored; unreadable entries are skipped. */
    public List<InstanceRun> recentOfAllInstances() {
        List<InstanceRun> out = new ArrayList<>();
        for (String run : shared.recent()) {
            try {
                out.add(json.readValue(run, InstanceRun.class));
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("Skipping an unreadable maintenance history entry: {}", e.toString());
            }
        }
        return out;
    }

    /** This instance's latest runs, newest first. */
    public List<MaintenanceReport> recent() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }
}
