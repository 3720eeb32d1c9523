package dev.tributary.core.api;

import jakarta.validation.constraints.NotNull;

/** {@code POST /v1/api-keys}: the principal ({@code User:ingest}) the new key authenticates as. */
public record CreateApiKeyRequest(@NotNull(message = "is required, e.g. User:alice") String principal) {
}
