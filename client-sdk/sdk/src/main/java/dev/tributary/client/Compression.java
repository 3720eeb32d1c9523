package dev.tributary.client;

import java.util.Locale;

/**
 * Per-batch compression codec for produced records. Batches are compressed as a whole,
 * so larger batches compress better; {@link #ZSTD} is a good default for text-like data,
 * {@link #LZ4} when CPU matters most. Thread-safe (an enum).
 */
public enum Compression {
    NONE, GZIP, LZ4, ZSTD;

    /**
     * The codec with this name, ignoring case.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Compression fromName(String name) {
        if (name != null) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            for (Compression c : values()) {
                if (c.name().equals(upper)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("Unknown compression '" + name + "'; expected one of none, gzip, lz4, zstd");
    }
}
