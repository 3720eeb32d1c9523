package dev.tributary.storage.log;

/** Where the producer-state snapshot of a shard as of record {@code seq} is stored. Immutable. */
public record SnapshotRef(String key, long seq) {
    private static final String PREFIX = "snapshots/";

    /** A new, unique key for the snapshot of {@code shard} as of record {@code seq}. */
    static String newKey(ShardId shard, long seq) {
        return prefix(shard) + seq + "-" + java.util.UUID.randomUUID() + ".snap";
    }

    /** The key prefix of every snapshot of a topic. */
    public static String prefix(java.util.UUID topicId) {
        return PREFIX + topicId + "/";
    }

    /** The key prefix of every snapshot of a shard. */
    public static String prefix(ShardId shard) {
        return prefix(shard.topicId()) + shard.shard() + "/";
    }

    /** The record a snapshot key of {@code shard} was taken at, or -1 when the key is not one. */
    public static long seqOf(ShardId shard, String key) {
        String p = prefix(shard);
        int dash = key.indexOf('-', p.length());
        if (!key.startsWith(p) || dash < 0) {
            return -1;
        }
        try {
            return Long.parseLong(key.substring(p.length(), dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String encode() {
        return seq + "@" + key;
    }

    static SnapshotRef decode(String text) {
        int at = text.indexOf('@');
        return new SnapshotRef(text.substring(at + 1), Long.parseLong(text.substring(0, at)));
    }
}
