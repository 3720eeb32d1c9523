package dev.tributary.client;

import java.util.Objects;

/**
 * Adapters that let the clients use Kafka serializers and deserializers (Avro, Protobuf,
 * JSON Schema, or your own), so existing serdes carry over. The Kafka instances are used
 * as given: configure them ({@code configure(configs, isKey)}) before adapting. Needs
 * {@code org.apache.kafka:kafka-clients} on the class path, any 3.x or 4.x (the SDK does
 * not bring it). The adapters are as thread-safe as the adapted instances.
 */
public final class KafkaSerdes {

    private KafkaSerdes() {
    }

    /** A {@link Serializer} that calls {@code kafka.serialize(topic, data)}. */
    public static <T> Serializer<T> serializer(org.apache.kafka.common.serialization.Serializer<T> kafka) {
        Objects.requireNonNull(kafka, "kafka");
        return kafka::serialize;
    }

    /** A {@link Deserializer} that calls {@code kafka.deserialize(topic, data)}. */
    public static <T> Deserializer<T> deserializer(org.apache.kafka.common.serialization.Deserializer<T> kafka) {
        Objects.requireNonNull(kafka, "kafka");
        return kafka::deserialize;
    }
}
