package dev.tributary.core.api;

import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET /v1/quotas}: the limits every principal gets ({@code -1} is unlimited) and the
 * principals whose limits differ (a null limit there means the default).
 */
@Schema(description = "The default limits per second (-1 unlimited) and the principals whose limits differ.")
public record QuotaList(Defaults defaults, List<QuotaLimits> overrides) {

    /** The configured limits per second: produced bytes, fetched bytes and requests. */
    public record Defaults(long produceBytesPerSecond, long fetchBytesPerSecond, long requestsPerSecond) {
    }
}
