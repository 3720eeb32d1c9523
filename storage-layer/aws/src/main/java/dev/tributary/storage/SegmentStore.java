package dev.tributary.storage;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Immutable segment objects. Keys are never reused: {@link #put} refuses to overwrite.
 * Failures surface as {@link dev.tributary.core.error.ApiException}. Thread-safe.
 */
public interface SegmentStore {
    /** Writes a new object; fails with {@code STORAGE_UNAVAILABLE} if the key already exists. */
    void put(String key, byte[] bytes);

    /** Reads {@code length} bytes at {@code position}; {@code NOT_FOUND} if the object is gone. */
    byte[] read(String key, long position, int length);

    /** Reads a whole object (small ones: producer-state snapshots); {@code NOT_FOUND} if it is gone. */
    byte[] readAll(String key);

    /** A short-lived URL a client can GET (with a {@code Range} header) without credentials. */
    URI presignGet(String key, Duration ttl);

    /**
     * A short-lived URL for exactly {@code length} bytes at {@code position} of one object:
     * the {@code Range} header is part of the signature, so the URL serves only a request
     * that sends {@code Range: bytes=position-(position+length-1)} and cannot be widened to
     * other bytes or keys.
     */
    URI presignGetRange(String key, long position, int length, Duration ttl);

    void delete(String key);

    /** Every object under the segment prefix, with its size and last-modified time. */
    void list(Consumer<StoredObject> sink);

    /** Every object whose key starts with {@code prefix} (e.g. a topic's producer snapshots). */
    void listUnder(String prefix, Consumer<StoredObject> sink);

    record StoredObject(String key, long sizeBytes, Instant lastModified) {
    }
}
