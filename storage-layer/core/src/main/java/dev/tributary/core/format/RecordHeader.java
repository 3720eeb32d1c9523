package dev.tributary.core.format;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a non-null key and a nullable value, as in Kafka.
 *
 * <p>Immutable by convention: the value array is not copied, so callers must not
 * modify it after construction. Equality compares the value's contents.
 *
 * @param key   header name, never null
 * @param value header value, may be null
 */
public record RecordHeader(String key, byte[] value) {

    public RecordHeader {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader[key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
