package dev.tributary.functions.local;

import dev.tributary.functions.maintenance.MaintenanceConfig;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.functions.maintenance.OrphanCollector;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's stand-in for the scheduled maintenance function: runs the orphan collector
 * every {@code tributary.maintenance.local-interval} (default 10 minutes; 0 turns it off),
 * so segment objects left by a crash between the S3 PUT and the DynamoDB commit are deleted
 * once they are older than {@code orphan-delete-after}, as they are on AWS.
 *
 * <p>Only present when the service runs on the embedded stack. A failing run is logged and
 * the next one runs on schedule. Thread-safe.
 */
@Context
@Requires(property = "tributary.storage.mode", value = "embedded")
public class LocalMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMaintenance.class);

    private final OrphanCollector orphans;
    private final ScheduledExecutorService timer;

    public LocalMaintenance(OrphanCollector orphans, MaintenanceConfig config) {
        this.orphans = orphans;
        Duration interval = config.getLocalInterval();
        if (interval.isZero() || interval.isNegative()) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-local-maintenance");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One maintenance pass now; fails as {@link OrphanCollector#run()} does. */
    public MaintenanceReport runOnce() {
        return orphans.run();
    }

    /** Whether passes run on a timer. */
    public boolean scheduled() {
        return timer != null;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("Local maintenance pass failed; the next one runs on schedule: {}", e.toString());
        }
    }

    @PreDestroy
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
