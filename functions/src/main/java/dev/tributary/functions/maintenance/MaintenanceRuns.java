package dev.tributary.functions.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * {@code GET /v1/maintenance}: this instance's latest maintenance runs ({@code runs}, newest
 * first) and the latest runs of every instance, as kept in the shared history
 * ({@code allInstances}). Both lists are always written, empty or not.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MaintenanceRuns(List<MaintenanceReport> runs, List<MaintenanceRunner.InstanceRun> allInstances) {
}
