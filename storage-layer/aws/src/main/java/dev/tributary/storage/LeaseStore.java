package dev.tributary.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases with fencing epochs for maintenance workers (see {@link Lease}). A lease is taken
 * when it is absent, expired or already held by the caller; taking it increments its epoch.
 * Lost races are results ({@link Optional#empty()} / {@code false}), decided after a strongly
 * consistent re-read, never exceptions. Storage failures surface as
 * {@link dev.tributary.core.error.ApiException}. Thread-safe.
 */
public interface LeaseStore {
    /**
     * Takes lease {@code name} for {@code owner} for {@code duration}, with an epoch one higher
     * than the previous holder's.
     *
     * @return the lease, or empty when another owner holds an unexpired lease or won the race
     */
    Optional<Lease> acquire(String name, String owner, Duration duration);

    /** Extends a held lease; empty when it has moved to another owner or epoch. */
    Optional<Lease> renew(Lease lease, Duration duration);

    /** Gives a held lease up (it expires now; the epoch stays, so the next holder's is higher). */
    boolean release(Lease lease);

    /** The lease item as stored, if any (strongly consistent). */
    Optional<Lease> current(String name);
}
