package dev.tributary.core.format;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record as read back from the log, with its absolute offset.
 *
 * <p>Immutable by convention: byte arrays are not copied, and the decoder hands out
 * fresh arrays for every record. Equality compares array contents.
 *
 * @param offset      absolute offset within the partition
 * @param timestampMs create time in epoch milliseconds
 * @param key         record key, may be null
 * @param value       record value, may be null (a tombstone)
 * @param headers     headers in order, never null (null is turned into an empty list)
 */
public record LogRecord(long offset, long timestampMs, byte[] key, byte[] value, List<RecordHeader> headers) {

    public LogRecord {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord other
                && offset == other.offset
                && timestampMs == other.timestampMs
                && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value)
                && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestampMs, Arrays.hashCode(key), Arrays.hashCode(value), headers);
    }

    @Override
    public String toString() {
        return "LogRecord[offset=" + offset + ", timestampMs=" + timestampMs + ", key=" + describe(key)
                + ", value=" + describe(value) + ", headers=" + headers + "]";
    }

    static String describe(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}
