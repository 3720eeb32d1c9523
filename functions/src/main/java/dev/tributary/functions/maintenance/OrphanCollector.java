package dev.tributary.functions.maintenance;

import dev.tributary.storage.OrphanScanner;
import dev.tributary.storage.SegmentStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection of orphaned segment objects: PUT to S3, never committed (a crash or a
 * timeout between the PUT and the DynamoDB transaction). Orphans past the report threshold
 * are logged; those past the much longer delete threshold are deleted.
 *
 * <p>Safety: {@link OrphanScanner} drops every key that has a segment-reference item, read
 * with a strongly consistent read after the listing, so a committed segment is never a
 * candidate. The delete threshold covers the only other case, a commit still in flight.
 * Thread-safe; concurrent runs at worst delete the same orphan twice, which is harmless.
 */
@Singleton
public class OrphanCollector {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanCollector.class);
    private static final int KEYS_IN_REPORT = 100;

    private final OrphanScanner scanner;
    private final SegmentStore segments;
    private final MaintenanceConfig config;
    private final Clock clock;

    public OrphanCollector(OrphanScanner scanner, SegmentStore segments, MaintenanceConfig config, Clock clock) {
        this.scanner = scanner;
        this.segments = segments;
        this.config = config;
        this.clock = clock;
    }

    /** Scans once, deletes what is old enough, and reports. Fails with the storage layer's {@code ApiException}. */
    public MaintenanceReport run() {
        long started = clock.millis();
        List<String> found = scanner.findOrphans(config.getOrphanReportAfter());
        int deleted = 0;
        if (config.isOrphanDeleteEnabled() && !found.isEmpty()) {
            // A second scan with the longer threshold: the first one's list is not filtered by age.
            Set<String> old = new HashSet<>(scanner.findOrphans(config.getOrphanDeleteAfter()));
            for (String key : found) {
                if (deleted >= config.getMaxDeletesPerRun()) {
                    LOG.info("Deleted {} orphans, the most allowed per run; the rest wait for the next run", deleted);
                    break;
                }
                if (old.contains(key)) {
                    segments.delete(key);
                    deleted++;
                }
            }
        }
        for (String key : found.subList(0, Math.min(found.size(), KEYS_IN_REPORT))) {
            LOG.info("Orphaned segment object (uploaded, never committed): {}", key);
        }
        MaintenanceReport report = new MaintenanceReport(found.size(), deleted,
                List.copyOf(found.subList(0, Math.min(found.size(), KEYS_IN_REPORT))), clock.millis() - started, started,
                null, null);
        LOG.info("Orphan scan: {} found (older than {}), {} deleted (older than {}) in {} ms", report.orphansFound(),
                config.getOrphanReportAfter(), report.orphansDeleted(),
                config.isOrphanDeleteEnabled() ? config.getOrphanDeleteAfter() : "never", report.durationMs());
        return report;
    }
}
