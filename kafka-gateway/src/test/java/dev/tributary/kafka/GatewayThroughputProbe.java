package dev.tributary.kafka;

import dev.tributary.client.Compression;
import dev.tributary.client.Serializers;
import dev.tributary.client.producer.Producer;
import dev.tributary.client.producer.TributaryProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A short, manual throughput probe (not part of the suite: run with
 * {@code -Dtest=GatewayThroughputProbe}): the same records produced by Kafka's producer
 * through the gateway and by the SDK over HTTP, on the embedded stack in this JVM. Prints
 * records per second; asserts nothing about speed.
 */
class GatewayThroughputProbe {
    private static final int RECORDS = Integer.getInteger("probe.records", 20_000);
    private static final int SIZE = 1024;

    @Test
    void kafkaProducerThroughGateway_vsSdkOverHttp() throws Exception {
        GatewayStack stack = GatewayStack.shared();
        String kafkaTopic;
        String sdkTopic;
        try (Admin admin = KafkaClientsTest.admin()) {
            kafkaTopic = KafkaClientsTest.createTopic(admin, 8);
            sdkTopic = KafkaClientsTest.createTopic(admin, 8);
        }
        byte[] value = new byte[SIZE];
        for (int round = 0; round < 2; round++) {
            Properties p = stack.clientProperties();
            p.put("acks", "all");
            p.put("linger.ms", "5");
            p.put("batch.size", String.valueOf(256 * 1024));
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    sent.add(producer.send(new ProducerRecord<>(kafkaTopic, value)));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            }
            double kafka = RECORDS / ((System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            try (Producer<byte[], byte[]> producer = TributaryProducer.builder().endpoint(stack.http)
                    .keySerializer(Serializers.bytes()).valueSerializer(Serializers.bytes())
                    .linger(Duration.ofMillis(5)).batchSize(256 * 1024).compression(Compression.NONE).build()) {
                List<CompletableFuture<?>> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    sent.add(producer.send(new dev.tributary.client.producer.ProducerRecord<>(sdkTopic, value)));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
            }
            double sdk = RECORDS / ((System.nanoTime() - start) / 1e9);
            System.out.printf("PROBE round=%d records=%d size=%dB kafka-producer-via-gateway=%.0f rec/s sdk-over-http=%.0f rec/s ratio=%.2f%n",
                    round, RECORDS, SIZE, kafka, sdk, kafka / sdk);
        }
    }
}
