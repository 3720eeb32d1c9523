package dev.tributary.core.api;

/** Limits of the HTTP API's request bodies, stated once for the constraints and the checks behind them. */
public final class ApiLimits {
    /** Partitions of one topic. */
    public static final int MAX_PARTITIONS = 10_000;
    /** Topics of one group subscription. */
    public static final int MAX_SUBSCRIBED_TOPICS = 1_000;
    /** Offsets of one commit. */
    public static final int MAX_COMMITTED_OFFSETS = 10_000;
    /** Kafka's topic-name rule: 1 to 249 of {@code [a-zA-Z0-9._-]} ({@code .} and {@code ..} are refused too). */
    public static final String TOPIC_NAME_PATTERN = "^[a-zA-Z0-9._-]{1,249}$";
    /** The topic configuration keys, as the OpenAPI document describes them. */
    public static final String TOPIC_CONFIG = "Topic configuration; values are whole numbers or strings. Keys: "
            + "retention.ms (int64, how long records are kept, -1 forever), "
            + "retention.bytes (int64, the bytes kept per partition, -1 unlimited), "
            + "cleanup.policy (delete, compact or compact,delete), "
            + "max.message.bytes (int32, the largest record), "
            + "delete.retention.ms (int64, how long a compacted topic keeps tombstones, -1 forever), "
            + "min.compaction.lag.ms (int64, records younger than this are never compacted).";
    /** Characters of a committed offset's metadata. */
    public static final int MAX_METADATA_CHARS = 4_096;

    private ApiLimits() {
    }
}
