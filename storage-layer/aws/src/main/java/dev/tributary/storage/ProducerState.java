package dev.tributary.storage;

import java.util.List;
import java.util.Optional;

/**
 * What the log remembers of one idempotent producer on one partition: its epoch, the
 * sequence of the last record it committed, and its most recent batches (first and last
 * sequence, base offset) so a retried batch can be answered with its original offsets.
 */
public record ProducerState(short epoch, int lastSequence, List<CommittedBatch> recent) {
    /** How many recent batches are remembered: as many as a producer may have in flight. */
    public static final int RECENT_BATCHES = 5;

    public record CommittedBatch(int firstSequence, int lastSequence, long baseOffset) {
    }

    /** The committed batch with exactly these sequence numbers, if it is still remembered. */
    public Optional<CommittedBatch> find(int firstSequence, int lastSequence) {
        return recent.stream().filter(b -> b.firstSequence() == firstSequence && b.lastSequence() == lastSequence).findFirst();
    }
}
