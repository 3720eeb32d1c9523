package dev.tributary.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

    /** JSON into {@code type} through a shared Jackson {@code ObjectMapper} with its defaults. */
    public static <T> Deserializer<T> json(Class<T> type) {
        return json(JsonSerdes.DEFAULT_MAPPER, type);
    }

    /**
     * JSON into {@code type} through {@code mapper}. Bytes that are not such JSON fail the
     * {@code poll} with a {@link TributaryException} naming the record.
     */
    public static <T> Deserializer<T> json(ObjectMapper mapper, Class<T> type) {
        return json(mapper, mapper.constructType(type));
    }

    /** JSON into a generic type, e.g. {@code new TypeReference<Map<String, Long>>() {}}. */
    public static <T> Deserializer<T> json(ObjectMapper mapper, TypeReference<T> type) {
        return json(mapper, mapper.constructType(type));
    }

    private static <T> Deserializer<T> json(ObjectMapper mapper, JavaType type) {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return mapper.readValue(data, type);
            } catch (IOException e) {
                throw new TributaryException("Cannot read JSON as " + type + ": "
                        + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
            }
        };
    }
}
