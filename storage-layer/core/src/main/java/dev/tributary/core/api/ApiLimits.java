package dev.tributary.core.api;

/** Limits of the HTTP API's request bodies, stated once for the constraints and the checks behind them. */
public final class ApiLimits {
    /** Partitions of one topic. */
    public static final int MAX_PARTITIONS = 10_000;
    /** Topics of one group subscription. */
    public static final int MAX_SUBSCRIBED_TOPICS = 1_000;
    /** Offsets of one commit. */
    public static final int MAX_COMMITTED_OFFSETS = 10_000;
    /** Characters of a committed offset's metadata. */
    public static final int MAX_METADATA_CHARS = 4_096;

    private ApiLimits() {
    }
}
