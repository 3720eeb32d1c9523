package dev.tributary.core.format;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record before it has an offset: what a producer hands to {@link RecordBatches#build}
 * or {@link RecordBatchBuilder#append}.
 *
 * <p>Immutable by convention: byte arrays are not copied. Equality compares array
 * contents.
 *
 * @param timestampMs create time in epoch milliseconds, {@code >= 0}
 * @param key         record key, may be null
 * @param value       record value, may be null (a tombstone)
 * @param headers     headers in order, never null (null is turned into an empty list)
 */
public record RecordDraft(long timestampMs, byte[] key, byte[] value, List<RecordHeader> headers) {

    public RecordDraft {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** A record without headers. */
    public static RecordDraft of(long timestampMs, byte[] key, byte[] value) {
        return new RecordDraft(timestampMs, key, value, List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordDraft other
                && timestampMs == other.timestampMs
                && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value)
                && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampMs, Arrays.hashCode(key), Arrays.hashCode(value), headers);
    }

    @Override
    public String toString() {
        return "RecordDraft[timestampMs=" + timestampMs + ", key=" + LogRecord.describe(key)
                + ", value=" + LogRecord.describe(value) + ", headers=" + headers + "]";
    }
}
