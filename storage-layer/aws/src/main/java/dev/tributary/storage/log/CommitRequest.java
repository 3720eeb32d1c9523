package dev.tributary.storage.log;

import java.util.List;
import java.util.Map;

/**
 * One produce request's part of a segment: its slices (one per record batch, in request
 * order) and, optionally, the log end offset it expects per partition (conditional append).
 * A request commits all or nothing. Immutable.
 */
public record CommitRequest(List<Slice> slices, Map<PartitionId, Long> expectedOffsets) {
    public CommitRequest {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a request holds at least one slice");
        }
        slices = List.copyOf(slices);
        expectedOffsets = Map.copyOf(expectedOffsets);
    }

    public CommitRequest(List<Slice> slices) {
        this(slices, Map.of());
    }

    /**
     * One record batch inside the segment object: {@code length} bytes at {@code position}, for
     * {@code partition}. {@code producerId} is -1 unless an idempotent producer sent it.
     */
    public record Slice(PartitionId partition, long position, int length, int recordCount, long firstTimestampMs,
                        long maxTimestampMs, long producerId, short producerEpoch, int firstSequence) {
        public Slice {
            if (recordCount <= 0 || length <= 0 || position < 0) {
                throw new IllegalArgumentException("invalid slice of " + partition + ": " + recordCount + " records, "
                        + length + " bytes at " + position);
            }
        }

        public static Slice plain(PartitionId partition, long position, int length, int recordCount,
                                  long firstTimestampMs, long maxTimestampMs) {
            return new Slice(partition, position, length, recordCount, firstTimestampMs, maxTimestampMs, -1, (short) -1, -1);
        }

        public boolean idempotent() {
            return producerId >= 0;
        }

        public int lastSequence() {
            return firstSequence + recordCount - 1;
        }
    }

    /**
     * What became of a request: its slices' base offsets (new, or the original ones when every
     * slice was an idempotent retry of a committed batch), or the error that kept it out.
     */
    public record Outcome(long[] baseOffsets, boolean duplicate, dev.tributary.core.error.ApiException error) {
        public static Outcome appended(long[] bases) {
            return new Outcome(bases, false, null);
        }

        public static Outcome duplicateOf(long[] bases) {
            return new Outcome(bases, true, null);
        }

        public static Outcome rejected(dev.tributary.core.error.ApiException error) {
            return new Outcome(null, false, error);
        }

        public boolean accepted() {
            return error == null;
        }
    }
}
