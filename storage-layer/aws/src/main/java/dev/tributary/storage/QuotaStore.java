package dev.tributary.storage;

import java.util.Map;

/** Per-principal quota overrides (Kafka client quotas). Thread-safe. */
public interface QuotaStore {
    /** Sets a principal's limits; a value below 0 means unlimited, a missing one the default. */
    void put(String principal, QuotaLimits limits);

    /** @return whether the principal had overrides */
    boolean remove(String principal);

    /** Every principal with overrides (strongly consistent). */
    Map<String, QuotaLimits> list();

    /** Bytes and requests per second; {@code null} means "use the default", below 0 unlimited. */
    record QuotaLimits(Long produceBytesPerSecond, Long fetchBytesPerSecond, Long requestsPerSecond) {
    }
}
