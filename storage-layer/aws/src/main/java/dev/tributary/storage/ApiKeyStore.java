package dev.tributary.storage;

import java.util.List;
import java.util.Optional;

/**
 * API keys, stored only as the SHA-256 of the key: the store never sees a key itself, so
 * reading the table does not let anyone authenticate. Thread-safe.
 */
public interface ApiKeyStore {
    /** Records a key hash (64 lowercase hex digits) for {@code principal}. */
    void put(String keyHash, String principal, long createdAtMs);

    /** The principal a key hash belongs to, if it is registered (strongly consistent). */
    Optional<String> principalOf(String keyHash);

    /** Every registered key, without hashes beyond their public id. */
    List<ApiKeyInfo> list();

    /**
     * Removes the key whose id ({@link ApiKeyInfo#keyId()}) is given.
     *
     * @return whether a key was removed
     */
    boolean revoke(String keyId);

    /**
     * A registered key: {@code keyId} is the first 16 hex digits of its hash, enough to
     * name it and useless for authenticating.
     */
    record ApiKeyInfo(String keyId, String principal, long createdAtMs) {
    }
}
