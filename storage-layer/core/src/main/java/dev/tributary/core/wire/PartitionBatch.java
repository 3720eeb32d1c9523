package dev.tributary.core.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One entry of a produce request: a record batch for one partition of the request's
 * topic. Immutable by convention: the buffer is not copied; after
 * {@link ProduceRequestCodec#decode} it is a read-only view into the request body.
 *
 * @param partition target partition, {@code >= 0}
 * @param batch     one Kafka RecordBatch v2 from position to limit
 */
public record PartitionBatch(int partition, ByteBuffer batch) {

    public PartitionBatch {
        Objects.requireNonNull(batch, "batch");
        if (partition < 0) {
            throw new IllegalArgumentException("Partition must be >= 0, got " + partition);
        }
    }
}
