package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A topic's settings, with Kafka's names. Immutable; {@link #merge(Map)} validates a
 * partial update and returns a new value.
 *
 * @param retentionMs     how long records are kept; {@code -1} keeps them forever
 * @param retentionBytes  how many bytes a partition keeps; {@code -1} means no limit
 * @param cleanupPolicy   {@code delete}, {@code compact} or {@code compact,delete}
 * @param maxMessageBytes the largest record (key + value + headers) a producer may send
 * @param deleteRetentionMs  compacted topics: how long a tombstone stays; {@code -1} keeps them
 * @param minCompactionLagMs compacted topics: records committed more recently are never compacted
 */
public record TopicConfig(long retentionMs, long retentionBytes, String cleanupPolicy, int maxMessageBytes,
                          long deleteRetentionMs, long minCompactionLagMs) {
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final Set<String> KEYS = Set.of(RETENTION_MS, RETENTION_BYTES, CLEANUP_POLICY, MAX_MESSAGE_BYTES,
            DELETE_RETENTION_MS, MIN_COMPACTION_LAG_MS);
    public static final long DEFAULT_DELETE_RETENTION_MS = 86_400_000L;

    /** The hard ceiling on {@code max.message.bytes}: a record must fit one produce request. */
    public static final int MAX_MESSAGE_BYTES_LIMIT = 8 * 1024 * 1024;

    public static final TopicConfig DEFAULTS = new TopicConfig(604_800_000L, -1L, "delete", 1_048_576);

    /** A config with the compaction settings at their defaults. */
    public TopicConfig(long retentionMs, long retentionBytes, String cleanupPolicy, int maxMessageBytes) {
        this(retentionMs, retentionBytes, cleanupPolicy, maxMessageBytes, DEFAULT_DELETE_RETENTION_MS, 0);
    }

    /** Whether the topic is compacted ({@code compact} or {@code compact,delete}): records need keys. */
    public boolean compacts() {
        return cleanupPolicy.startsWith("compact");
    }

    /** Whether retention ({@code retention.ms}, {@code retention.bytes}) applies. */
    public boolean deletes() {
        return cleanupPolicy.endsWith("delete");
    }

    /** Applies {@code changes} (values as strings or numbers) over this config; unknown keys and bad values are rejected. */
    public TopicConfig merge(Map<String, ?> changes) {
        if (changes == null || changes.isEmpty()) {
            return this;
        }
        long rMs = retentionMs;
        long rBytes = retentionBytes;
        String policy = cleanupPolicy;
        int maxBytes = maxMessageBytes;
        long tombstoneMs = deleteRetentionMs;
        long lagMs = minCompactionLagMs;
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            String key = e.getKey();
            Object raw = e.getValue();
            if (raw == null) {
                throw invalid("Config '" + key + "' must have a value.");
            }
            String value = raw.toString().trim();
            switch (key) {
                case RETENTION_MS -> rMs = parseLong(key, value, -1, Long.MAX_VALUE);
                case RETENTION_BYTES -> rBytes = parseLong(key, value, -1, Long.MAX_VALUE);
                case MAX_MESSAGE_BYTES -> maxBytes = (int) parseLong(key, value, 1, MAX_MESSAGE_BYTES_LIMIT);
                case DELETE_RETENTION_MS -> tombstoneMs = parseLong(key, value, -1, Long.MAX_VALUE);
                case MIN_COMPACTION_LAG_MS -> lagMs = parseLong(key, value, 0, Long.MAX_VALUE);
                case CLEANUP_POLICY -> {
                    String normalized = value.replace(" ", "");
                    policy = switch (normalized) {
                        case "delete" -> "delete";
                        case "compact" -> "compact";
                        case "compact,delete", "delete,compact" -> "compact,delete";
                        default -> throw invalid("Config 'cleanup.policy' must be 'delete', 'compact' or "
                                + "'compact,delete', not '" + value + "'.");
                    };
                }
                default -> throw invalid("Unknown topic config '" + key + "'. Supported: " + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
        }
        if (rMs == 0) {
            throw invalid("Config 'retention.ms' must be positive or -1 (keep forever).");
        }
        if (rBytes == 0) {
            throw invalid("Config 'retention.bytes' must be positive or -1 (no limit).");
        }
        return new TopicConfig(rMs, rBytes, policy, maxBytes, tombstoneMs, lagMs);
    }

    /** The config as Kafka-named string values, as stored and as shown by the API. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(RETENTION_MS, Long.toString(retentionMs));
        map.put(RETENTION_BYTES, Long.toString(retentionBytes));
        map.put(CLEANUP_POLICY, cleanupPolicy);
        map.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        map.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        map.put(MIN_COMPACTION_LAG_MS, Long.toString(minCompactionLagMs));
        return map;
    }

    /** Reads a stored map; keys this version does not know are ignored so old readers survive new keys. */
    public static TopicConfig fromStored(Map<String, String> stored) {
        Map<String, String> known = new LinkedHashMap<>();
        stored.forEach((k, v) -> {
            if (KEYS.contains(k)) {
                known.put(k, v);
            }
        });
        return DEFAULTS.merge(known);
    }

    private static long parseLong(String key, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid("Config '" + key + "' must be a whole number, not '" + value + "'.");
        }
        if (v < min || v > max) {
            throw invalid("Config '" + key + "' must be between " + min + " and " + max + ", not " + v + ".");
        }
        return v;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }
}
