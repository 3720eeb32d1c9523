package dev.tributary.storage.log;

/**
 * An idempotent producer's batch as committed: sequences {@code [firstSequence, lastSequence]}
 * of {@code producerId} at {@code epoch} sit at offsets starting at {@code baseOffset} of
 * {@code partition}. Replaying these runs rebuilds producer state, as Kafka rebuilds it from
 * its log. Immutable.
 */
public record ProducerRun(int partition, long producerId, short epoch, int firstSequence, int lastSequence,
                          long baseOffset) {
}
