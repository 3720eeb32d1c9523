package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link SegmentStore} in memory, for unit tests of the produce and read paths. Refuses to
 * overwrite, like the S3 store. Thread-safe: every method is synchronized.
 */
public final class MemorySegmentStore implements SegmentStore {
    private record Stored(byte[] bytes, Instant lastModified) {
    }

    private final Map<String, Stored> objects = new TreeMap<>();
    private final Clock clock;
    private int failingPuts;

    public MemorySegmentStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void put(String key, byte[] bytes) {
        if (failingPuts > 0) {
            failingPuts--;
            throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "injected failure of the PUT of " + key);
        }
        if (objects.containsKey(key)) {
            throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Object " + key + " already exists.");
        }
        objects.put(key, new Stored(bytes.clone(), clock.instant()));
    }

    @Override
    public synchronized byte[] read(String key, long position, int length) {
        byte[] all = readAll(key);
        if (position + length > all.length) {
            throw new ApiException(ErrorCode.CORRUPT_BATCH, "Range past the end of " + key);
        }
        return Arrays.copyOfRange(all, (int) position, (int) position + length);
    }

    @Override
    public synchronized byte[] readAll(String key) {
        Stored s = objects.get(key);
        if (s == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Object " + key + " does not exist.");
        }
        return s.bytes.clone();
    }

    @Override
    public URI presignGet(String key, Duration ttl) {
        return URI.create("memory:///" + key);
    }

    @Override
    public URI presignGetRange(String key, long position, int length, Duration ttl) {
        return URI.create("memory:///" + key + "?range=" + position + "-" + (position + length - 1));
    }

    @Override
    public synchronized void delete(String key) {
        objects.remove(key);
    }

    @Override
    public synchronized void list(Consumer<StoredObject> sink) {
        listUnder(SegmentKeys.PREFIX, sink);
    }

    @Override
    public synchronized void listUnder(String prefix, Consumer<StoredObject> sink) {
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                sink.accept(new StoredObject(k, v.bytes.length, v.lastModified));
            }
        });
    }

    /** The next {@code count} PUTs fail (retriably) without storing anything. */
    public synchronized void failNextPuts(int count) {
        failingPuts = count;
    }

    public synchronized int size() {
        return objects.size();
    }
}
