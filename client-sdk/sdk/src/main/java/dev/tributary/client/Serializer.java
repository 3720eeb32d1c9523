package dev.tributary.client;

/**
 * Turns a key or value into bytes for a topic. Implementations must be thread-safe:
 * one producer calls them from every sending thread. Null in should give null out, so
 * that null keys and tombstones stay null.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {

    /** The bytes for {@code data}, or null for null. */
    byte[] serialize(String topic, T data);
}
