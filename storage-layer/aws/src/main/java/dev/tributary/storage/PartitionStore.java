package dev.tributary.storage;

import java.util.List;
import java.util.UUID;

/** Reads partition heads with strong consistency. Thread-safe. */
public interface PartitionStore {
    PartitionHead head(UUID topicId, int partition);

    /** Heads of partitions {@code 0..partitionCount-1}, in order; missing ones are empty. */
    List<PartitionHead> heads(UUID topicId, int partitionCount);
}
