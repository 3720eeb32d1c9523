package dev.tributary.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ready-made, thread-safe {@link Serializer}s for common types. */
public final class Serializers {

    private Serializers() {
    }

    /** UTF-8 text. */
    public static Serializer<String> string() {
        return (topic, data) -> data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes as they are (not copied). */
    public static Serializer<byte[]> bytes() {
        return (topic, data) -> data;
    }

    /** The remaining bytes of a buffer, without moving its position. */
    public static Serializer<ByteBuffer> byteBuffer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            byte[] out = new byte[data.remaining()];
            data.duplicate().get(out);
            return out;
        };
    }

    /** 8 bytes, big-endian, as Kafka's {@code LongSerializer}. */
    public static Serializer<Long> longs() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(Long.BYTES).putLong(data).array();
    }

    /** 4 bytes, big-endian, as Kafka's {@code IntegerSerializer}. */
    public static Serializer<Integer> integers() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(Integer.BYTES).putInt(data).array();
    }

    /** The UUID's text form in UTF-8, as Kafka's {@code UUIDSerializer}. */
    public static Serializer<UUID> uuid() {
        return (topic, data) -> data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    }
}
