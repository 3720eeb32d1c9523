package dev.tributary.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LeaseStore} in memory, for unit tests of maintenance jobs; same rules as
 * {@link DynamoDbLeaseStore}. {@link #holds} is the fencing check a fake log applies to
 * writes made under a lease. Thread-safe: every method is synchronized.
 */
public final class MemoryLeaseStore implements LeaseStore {
    private final Map<String, Lease> leases = new HashMap<>();
    private final Clock clock;

    public MemoryLeaseStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Lease> acquire(String name, String owner, Duration duration) {
        long now = clock.millis();
        Lease before = leases.get(name);
        if (before != null && before.expiresAtMs() > now && !before.owner().equals(owner)) {
            return Optional.empty();
        }
        Lease next = new Lease(name, owner, before == null ? 1 : before.epoch() + 1, now + duration.toMillis());
        leases.put(name, next);
        return Optional.of(next);
    }

    @Override
    public synchronized Optional<Lease> renew(Lease lease, Duration duration) {
        if (!holds(lease)) {
            return Optional.empty();
        }
        Lease next = new Lease(lease.name(), lease.owner(), lease.epoch(), clock.millis() + duration.toMillis());
        leases.put(lease.name(), next);
        return Optional.of(next);
    }

    @Override
    public synchronized boolean release(Lease lease) {
        if (!holds(lease)) {
            return false;
        }
        leases.put(lease.name(), new Lease(lease.name(), lease.owner(), lease.epoch(), 0));
        return true;
    }

    @Override
    public synchronized Optional<Lease> current(String name) {
        return Optional.ofNullable(leases.get(name));
    }

    /** Whether {@code lease} is still the stored one's owner and epoch (the fencing condition). */
    public synchronized boolean holds(Lease lease) {
        Lease now = leases.get(lease.name());
        return now != null && now.owner().equals(lease.owner()) && now.epoch() == lease.epoch();
    }
}
