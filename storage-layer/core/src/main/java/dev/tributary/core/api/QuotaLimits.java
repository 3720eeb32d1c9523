package dev.tributary.core.api;

import jakarta.validation.constraints.Min;

/**
 * A principal's quota: the body of {@code PUT /v1/quotas/{principal}} ({@code principal}
 * absent; a missing limit means the default, {@code -1} unlimited) and an entry of
 * {@code GET /v1/quotas}.
 */
public record QuotaLimits(String principal, @Min(-1) Long produceBytesPerSecond, @Min(-1) Long fetchBytesPerSecond,
                          @Min(-1) Long requestsPerSecond) {
}
