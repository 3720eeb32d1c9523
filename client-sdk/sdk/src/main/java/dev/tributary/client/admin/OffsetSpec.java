package dev.tributary.client.admin;

/**
 * Which offset {@link Admin#listOffsets} looks up: the earliest, the latest (next to
 * be written), or the first whose timestamp is at or after a time. Immutable.
 */
public final class OffsetSpec {
    private final String query;

    private OffsetSpec(String query) {
        this.query = query;
    }

    public static OffsetSpec earliest() {
        return new OffsetSpec("earliest");
    }

    public static OffsetSpec latest() {
        return new OffsetSpec("latest");
    }

    /** The first offset whose timestamp is {@code >= timestampMs}. */
    public static OffsetSpec forTimestamp(long timestampMs) {
        return new OffsetSpec(Long.toString(timestampMs));
    }

    /** The value of the {@code at} query parameter. */
    public String query() {
        return query;
    }

    @Override
    public String toString() {
        return "OffsetSpec(" + query + ")";
    }
}
