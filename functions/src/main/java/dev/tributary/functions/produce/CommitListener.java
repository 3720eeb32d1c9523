package dev.tributary.functions.produce;

import java.util.UUID;

/** Told after a segment commits, so long polls on those partitions can answer at once. */
public interface CommitListener {
    void committed(UUID topicId, int partition, long nextOffset);
}
