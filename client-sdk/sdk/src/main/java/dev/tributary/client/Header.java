package dev.tributary.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header: a name and an optional value. Immutable by convention (the value
 * array is not copied), so do not modify it after handing it over.
 *
 * @param key   header name, never null
 * @param value header value, may be null
 */
public record Header(String key, byte[] value) {

    public Header {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header[key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
