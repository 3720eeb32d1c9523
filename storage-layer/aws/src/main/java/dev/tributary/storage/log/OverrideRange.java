package dev.tributary.storage.log;

/**
 * Offsets {@code [fromOffset, toOffset)} of {@code partition} that an override record's extents
 * hold, in place of the extents older records gave them. Immutable.
 */
public record OverrideRange(int partition, long fromOffset, long toOffset) {
    public OverrideRange {
        if (partition < 0 || fromOffset < 0 || toOffset <= fromOffset) {
            throw new IllegalArgumentException("invalid override range: partition " + partition + ", ["
                    + fromOffset + ", " + toOffset + ")");
        }
    }

    public boolean contains(long offset) {
        return fromOffset <= offset && offset < toOffset;
    }
}
