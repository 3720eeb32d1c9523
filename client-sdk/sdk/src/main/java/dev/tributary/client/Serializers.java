package dev.tributary.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * JSON through a shared Jackson {@code ObjectMapper} with its defaults.
     *
     * @see #json(ObjectMapper)
     */
    public static <T> Serializer<T> json() {
        return json(JsonSerdes.DEFAULT_MAPPER);
    }

    /**
     * JSON through {@code mapper} (configure modules such as JavaTimeModule on it yourself).
     * A value Jackson cannot write fails the {@code send} with a {@link TributaryException}.
     */
    public static <T> Serializer<T> json(ObjectMapper mapper) {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(data);
            } catch (JsonProcessingException e) {
                throw new TributaryException("Cannot write " + data.getClass().getName() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        };
    }

    /** The UUID's text form in UTF-8, as Kafka's {@code UUIDSerializer}. */
    public static Serializer<UUID> uuid() {
        return (topic, data) -> data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    }
}
