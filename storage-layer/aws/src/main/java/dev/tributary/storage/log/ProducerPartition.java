package dev.tributary.storage.log;

/** One idempotent producer on one partition: the unit of sequence checking. Immutable. */
public record ProducerPartition(long producerId, PartitionId partition) {
    @Override
    public String toString() {
        return "producer " + producerId + " on " + partition;
    }
}
