package dev.tributary.client;

/**
 * A consumer position to commit: the next offset to read and optional free-form
 * metadata, as in Kafka. Immutable and thread-safe.
 *
 * @param offset   the next offset the group should read, {@code >= 0}
 * @param metadata free text stored with the commit, never null (null becomes "")
 */
public record OffsetAndMetadata(long offset, String metadata) {

    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        metadata = metadata == null ? "" : metadata;
    }

    public OffsetAndMetadata(long offset) {
        this(offset, "");
    }
}
