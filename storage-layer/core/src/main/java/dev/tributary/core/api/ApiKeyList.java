package dev.tributary.core.api;

import java.util.List;

/** {@code GET /v1/api-keys}: the keys that authenticate, without their secrets. */
public record ApiKeyList(List<Entry> apiKeys) {

    /** A key's id, the principal it authenticates as and when it was created (epoch milliseconds). */
    public record Entry(String keyId, String principal, long createdAtMs) {
    }
}
