package dev.tributary.functions.http;

import dev.tributary.storage.Storage;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/** {@code GET /health}: 200 when S3 and DynamoDB answer, else a 503 problem. */
@Controller("/health")
public class HealthController {
    private final Storage storage;

    public HealthController(Storage storage) {
        this.storage = storage;
    }

    @Get
    public Map<String, Object> health() {
        storage.ping();
        return Map.of("status", "UP");
    }
}
