package dev.tributary.functions.local;

import dev.tributary.functions.maintenance.MaintenanceConfig;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.functions.maintenance.MaintenanceRunner;
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
 * Local mode's stand-in for the scheduled maintenance function: runs maintenance (orphaned
 * uploads, retention, deleted topics; {@link MaintenanceRunner}) every
 * {@code tributary.maintenance.local-interval} (default 5 minutes; 0 turns it off), so what
 * happens on AWS on a schedule happens locally too.
 *
 * <p>Only present when the service runs on the embedded stack. A failing run is logged and
 * the next one runs on schedule. Thread-safe.
 */
@Context
@Requires(property = "tributary.storage.mode", value = "embedded")
public class LocalMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMaintenance.class);

    private final MaintenanceRunner runner;
    private final ScheduledExecutorService timer;

    public LocalMaintenance(MaintenanceRunner runner, MaintenanceConfig config) {
        this.runner = runner;
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

    /** One maintenance pass now; fails as {@link MaintenanceRunner#run()} does. */
    public MaintenanceReport runOnce() {
        return runner.run();
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
