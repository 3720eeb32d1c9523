package dev.tributary.storage.log;

/** Where the producer-state snapshot of a shard as of record {@code seq} is stored. Immutable. */
public record SnapshotRef(String key, long seq) {
    String encode() {
        return seq + "@" + key;
    }

    static SnapshotRef decode(String text) {
        int at = text.indexOf('@');
        return new SnapshotRef(text.substring(at + 1), Long.parseLong(text.substring(0, at)));
    }
}
