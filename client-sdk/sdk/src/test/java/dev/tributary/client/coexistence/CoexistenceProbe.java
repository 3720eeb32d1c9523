package dev.tributary.client.coexistence;

import dev.tributary.client.Compression;
import dev.tributary.client.Deserializers;
import dev.tributary.client.KafkaSerdes;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.client.producer.TributaryProducer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs inside a class loader that holds another kafka-clients ahead of the SDK's jar: a
 * produce (keys through that kafka-clients' own {@code StringSerializer}) and a consume
 * round trip, as an application with its own Kafka client would.
 */
public final class CoexistenceProbe {
    private CoexistenceProbe() {
    }

    /** @return the kafka-clients version visible to the application, then the values read back */
    public static List<String> run(String endpoint, String topic) throws Exception {
        List<String> out = new ArrayList<>();
        Class<?> appInfo = Class.forName("org.apache.kafka.common.utils.AppInfoParser");
        out.add((String) appInfo.getMethod("getVersion").invoke(null));
        URI uri = URI.create(endpoint);
        try (Admin admin = TributaryAdmin.builder().endpoint(uri).build()) {
            admin.createTopic(topic, 1);
        }
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(uri)
                .keySerializer(KafkaSerdes.serializer(new StringSerializer()))
                .valueSerializer(Serializers.string())
                .compression(Compression.LZ4).build()) {
            for (int i = 0; i < 5; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
        }
        for (CompletableFuture<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
        try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(uri)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < 6 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
