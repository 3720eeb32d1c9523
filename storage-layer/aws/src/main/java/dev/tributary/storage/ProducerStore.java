package dev.tributary.storage;

import java.util.Optional;
import java.util.UUID;

/**
 * Idempotent-producer identities (ids and epochs), and the per-partition sequence state the
 * first storage model kept (read only to migrate it; the log now holds that state). Thread-safe.
 */
public interface ProducerStore {
    /** A fresh producer id with epoch 0. */
    ProducerIdentity allocate();

    /**
     * Raises the epoch of an existing producer id, fencing every holder of an older epoch.
     * {@code INVALID_REQUEST} if the id was never allocated.
     */
    ProducerIdentity bumpEpoch(long producerId);

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
