package dev.tributary.core.format;

import java.util.Locale;
import org.apache.kafka.common.record.CompressionType;

/**
 * The per-batch compression codecs Tributary accepts, a subset of Kafka's.
 *
 * <p>Snappy is deliberately absent: it would add a native dependency for a codec
 * that zstd and lz4 beat. A batch that declares Snappy is rejected on produce and
 * reported as corrupt on read. Thread-safe (an enum).
 */
public enum Compression {
    NONE(CompressionType.NONE),
    GZIP(CompressionType.GZIP),
    LZ4(CompressionType.LZ4),
    ZSTD(CompressionType.ZSTD);

    private final CompressionType kafkaType;

    Compression(CompressionType kafkaType) {
        this.kafkaType = kafkaType;
    }

    /** The matching Kafka compression type (its id lives in the batch attributes). */
    public CompressionType kafkaType() {
        return kafkaType;
    }

    /** A Kafka codec configured with that codec's default level. */
    public org.apache.kafka.common.compress.Compression kafkaCompression() {
        return org.apache.kafka.common.compress.Compression.of(kafkaType).build();
    }

    /**
     * The codec with this name, ignoring case ({@code "zstd"}, {@code "LZ4"}).
     *
     * @throws IllegalArgumentException for null or an unknown or unsupported name
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

    /**
     * The codec for a Kafka compression type.
     *
     * @throws IllegalArgumentException for Snappy, which Tributary does not support
     */
    public static Compression fromKafka(CompressionType type) {
        for (Compression c : values()) {
            if (c.kafkaType == type) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unsupported compression " + type.name);
    }
}
