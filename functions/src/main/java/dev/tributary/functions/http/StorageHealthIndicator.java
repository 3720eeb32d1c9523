package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import dev.tributary.storage.Storage;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness: {@code /health} and {@code /health/readiness} are {@code DOWN} (503) while S3 or
 * DynamoDB does not answer. Liveness ({@code /health/liveness}) does not depend on them: an
 * instance that cannot reach its storage should be taken out of service, not restarted.
 */
@Singleton
@Readiness
public class StorageHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final Storage storage;

    public StorageHealthIndicator(Storage storage) {
        this.storage = storage;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bucket", storage.settings().bucket());
        details.put("tablePrefix", storage.settings().namePrefix());
        try {
            storage.ping();
            healthStatus = HealthStatus.UP;
        } catch (ApiException e) {
            // An expected state, reported in the answer; a stack trace per probe would flood the log.
            healthStatus = HealthStatus.DOWN;
            details.put("error", e.getMessage());
        }
        return details;
    }

    @Override
    protected String getName() {
        return "storage";
    }
}
