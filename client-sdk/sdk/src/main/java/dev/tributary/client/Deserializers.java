package dev.tributary.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ready-made, thread-safe {@link Deserializer}s matching {@link Serializers}. */
public final class Deserializers {

    private Deserializers() {
    }

    /** UTF-8 text. */
    public static Deserializer<String> string() {
        return (topic, data) -> data == null ? null : new String(data, StandardCharsets.UTF_8);
    }

    /** Bytes as they are. */
    public static Deserializer<byte[]> bytes() {
        return (topic, data) -> data;
    }

    /** A buffer wrapping the bytes. */
    public static Deserializer<ByteBuffer> byteBuffer() {
        return (topic, data) -> data == null ? null : ByteBuffer.wrap(data);
    }

    /**
     * 8 bytes, big-endian.
     *
     * @throws TributaryException for another length
     */
    public static Deserializer<Long> longs() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            requireLength(data, Long.BYTES, "long");
            return ByteBuffer.wrap(data).getLong();
        };
    }

    /** 4 bytes, big-endian. */
    public static Deserializer<Integer> integers() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            requireLength(data, Integer.BYTES, "int");
            return ByteBuffer.wrap(data).getInt();
        };
    }

    /** A UUID from its UTF-8 text form. */
    public static Deserializer<UUID> uuid() {
        return (topic, data) -> data == null ? null : UUID.fromString(new String(data, StandardCharsets.UTF_8));
    }

    private static void requireLength(byte[] data, int expected, String type) {
        if (data.length != expected) {
            throw new TributaryException("Cannot deserialize a " + type + " from " + data.length
                    + " bytes; expected " + expected);
        }
    }
}
