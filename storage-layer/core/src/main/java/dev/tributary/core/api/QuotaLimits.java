package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;

/**
 * A principal's quota: the body of {@code PUT /v1/quotas/{principal}} ({@code principal}
 * absent; a missing limit means the default, {@code -1} unlimited) and an entry of
 * {@code GET /v1/quotas}.
 */
public record QuotaLimits(@Nullable String principal, @Nullable @Min(-1) Long produceBytesPerSecond,
                          @Nullable @Min(-1) Long fetchBytesPerSecond, @Nullable @Min(-1) Long requestsPerSecond) {
}
