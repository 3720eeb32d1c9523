package dev.tributary.functions.maintenance;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.DeleteRecordsRequest;
import dev.tributary.core.api.DeleteRecordsResponse;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorize;
import dev.tributary.functions.security.ResourceType;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

/**
 * Data lifecycle endpoints: {@code POST /v1/topics/{topic}/partitions/{partition}/delete-records}
 * (Kafka {@code deleteRecords}) and {@code GET /v1/maintenance} (this instance's recent runs, and
 * those of every instance).
 */
@Controller
@Consumes(MediaType.ALL)
public class MaintenanceController {
    private final LogStartService starts;
    private final MaintenanceRunner runner;
    private final JsonBodies json;

    public MaintenanceController(LogStartService starts, MaintenanceRunner runner, JsonBodies json) {
        this.starts = starts;
        this.runner = runner;
        this.json = json;
    }

    @Post(ApiPaths.DELETE_RECORDS_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DELETE)
    public DeleteRecordsResponse deleteRecords(@PathVariable String topic, @PathVariable String partition,
                                             @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeleteRecordsRequest.class))}) byte[] body) {
        int p;
        try {
            long parsed = JsonBodies.parseAsciiLong(partition);
            if (parsed > Integer.MAX_VALUE) {
                throw new NumberFormatException(partition);
            }
            p = (int) parsed;
        } catch (NumberFormatException e) {
            throw JsonBodies.invalid("Partition must be a whole number, not '" + partition + "'.");
        }
        return starts.deleteRecords(topic, p, json.read(body, DeleteRecordsRequest.class).beforeOffset());
    }

    @Get(ApiPaths.MAINTENANCE)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.DESCRIBE)
    public MaintenanceRuns recent() {
        return new MaintenanceRuns(runner.recent(), runner.recentOfAllInstances());
    }
}
