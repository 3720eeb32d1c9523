package dev.tributary.client;

/**
 * Turns the bytes of a key or value back into an object. Implementations must be
 * thread-safe. Null in should give null out.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface Deserializer<T> {

    /** The object for {@code data}, or null for null. */
    T deserialize(String topic, byte[] data);
}
