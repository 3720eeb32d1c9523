package dev.tributary.core.api;

/**
 * The answer of {@code POST /v1/api-keys}: the key's id, its principal and the key itself,
 * which the service shows this once (it stores only a hash).
 */
public record CreatedApiKey(String keyId, String principal, String apiKey) {
}
