package dev.tributary.storage;

/**
 * One idempotent producer's batch inside a chunk: its producer id and epoch, the sequence
 * numbers of its first and last record, and how many records of the chunk precede it.
 */
public record ProducerRun(long producerId, short epoch, int firstSequence, int lastSequence, int recordOffsetInChunk) {
    public ProducerRun {
        if (producerId < 0 || epoch < 0 || firstSequence < 0 || lastSequence < firstSequence || recordOffsetInChunk < 0) {
            throw new IllegalArgumentException("invalid producer run " + producerId + "/" + epoch + " "
                    + firstSequence + ".." + lastSequence + " at " + recordOffsetInChunk);
        }
    }
}
