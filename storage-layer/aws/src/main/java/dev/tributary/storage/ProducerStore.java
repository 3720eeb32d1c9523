package dev.tributary.storage;

import java.util.Optional;
import java.util.UUID;

/**
 * Idempotent-producer identities (ids and epochs), and the per-partition sequence state the
 * first storage model kept (read only to migrate it; the log now holds that state). Thread-safe.
 */
public interface ProducerStore {
    /** The owner recorded for producers allocated without a principal (unauthenticated mode). */
    String ANONYMOUS_OWNER = "User:ANONYMOUS";

    /** A fresh producer id with epoch 0, owned by the anonymous principal. */
    default ProducerIdentity allocate() {
        return allocate(ANONYMOUS_OWNER);
    }

    /**
     * A fresh, unguessable producer id (random, positive) with epoch 0, owned by
     * {@code owner}: only that principal can bump its epoch.
     */
    ProducerIdentity allocate(String owner);

    /** Raises the epoch of an anonymous producer; see {@link #bumpEpoch(long, String)}. */
    default ProducerIdentity bumpEpoch(long producerId) {
        return bumpEpoch(producerId, ANONYMOUS_OWNER);
    }

    /**
     * Raises the epoch of an existing producer id, fencing every holder of an older epoch.
     * {@code INVALID_REQUEST} if the id was never allocated or belongs to another owner
     * (the two are not told apart, so ids cannot be probed).
     */
    ProducerIdentity bumpEpoch(long producerId, String owner);

    /**
     * Raises the epoch of an existing producer id to {@code epoch}, as an idempotent producer
     * does by itself after some errors (it restarts its sequences at 0 under epoch + 1); the
     * epoch only ever goes up. Answers the producer's epoch afterwards: {@code epoch} if it was
     * raised to it or already was it, a higher epoch if one was recorded (the caller is then
     * fenced), empty if the id was never allocated.
     */
    Optional<Short> raiseEpoch(long producerId, short epoch);

    /** The current epoch of a producer id, if it was allocated. */
    Optional<Short> currentEpoch(long producerId);

    /**
     * What the first storage model remembers of every producer on the topic's partitions:
     * producer id -> partition -> state. Read once, to migrate it into the log.
     */
    java.util.Map<Long, java.util.Map<Integer, ProducerState>> legacyStates(UUID topicId);

    record ProducerIdentity(long producerId, short epoch) {
    }
}
