package dev.tributary.functions.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.functions.maintenance.LogMigrationRunner;
import dev.tributary.functions.maintenance.OrphanCollector;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the scheduled maintenance function ({@code MaintenanceFunction} in
 * {@code infra/template.yaml}): each EventBridge schedule tick runs one maintenance pass.
 * Today that is garbage collection of orphaned segment objects; merging, retention and
 * compaction will run here too.
 *
 * <p>The no-argument constructor is the one Lambda uses: it builds the application
 * context once per execution environment (environment {@code lambda} via
 * {@code MICRONAUT_ENVIRONMENTS}), so warm invocations reuse the AWS clients. Lambda
 * invokes one event at a time per instance; nothing here is held across invocations.
 */
public class MaintenanceHandler extends MicronautRequestHandler<ScheduledEvent, MaintenanceReport> {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceHandler.class);

    @Inject
    OrphanCollector orphans;

    @Inject
    LogMigrationRunner migration;

    public MaintenanceHandler() {
    }

    /** A handler over an existing context (tests, or a caller that runs maintenance in-process). */
    public MaintenanceHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public MaintenanceReport execute(ScheduledEvent event) {
        LOG.info("Maintenance run for schedule event {} at {}", event == null ? "(none)" : event.getId(),
                event == null ? "(unknown)" : event.getTime());
        migration.migrateIfNeeded();
        return orphans.run();
    }
}
