package dev.tributary.benchmarks.driver;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The official Kafka Java client with {@code acks=all} and idempotence on, with the same
 * batching knobs as the Tributary driver (linger 5 ms, 1 MiB batches, no compression),
 * against either Apache Kafka as the reference (a {@link KafkaBroker} child process,
 * {@code kafka}) or Tributary's Kafka gateway over the same in-process server as the SDK
 * system ({@code kafka-gateway}).
 */
public final class KafkaDriver implements BenchmarkDriver {
    private final String name;
    private final String bootstrap;
    private final AutoCloseable server;
    private final AdminClient admin;

    public KafkaDriver(String brokerHeap) {
        this("kafka", KafkaBroker.start(brokerHeap));
    }

    private KafkaDriver(String name, KafkaBroker broker) {
        this(name, broker.bootstrapServers(), broker);
    }

    private KafkaDriver(String name, String bootstrap, AutoCloseable server) {
        this.name = name;
        this.bootstrap = bootstrap;
        this.server = server;
        this.admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Kafka's client against Tributary's Kafka gateway, in this process over the embedded stack. */
    public static KafkaDriver overGateway() {
        TributaryDriver tributary = TributaryDriver.withKafkaGateway();
        try {
            return new KafkaDriver("kafka-gateway", tributary.kafkaBootstrap(), tributary);
        } catch (RuntimeException e) {
            tributary.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void createTopic(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            // Wait until every partition has a leader, so the first sends do not stall on metadata.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                org.apache.kafka.clients.admin.TopicDescription description;
                try {
                    description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                } catch (ExecutionException notYetKnown) {
                    Thread.sleep(100);
                    continue;
                }
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null)) {
                    probe(topic, partitions);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating Kafka topic " + topic + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deleteTopic(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("deleting Kafka topic " + topic + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes one record to every partition and deletes it again, so each partition's log
     * exists on the broker before the measured producers start. Without this an idempotent
     * producer whose first batch to a partition is refused (the log is still being created)
     * while its later batches are accepted retries that first batch forever with
     * OUT_OF_ORDER_SEQUENCE.
     */
    private void probe(String topic, int partitions) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Map<TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> delete = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent =
                    new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                sent.add(producer.send(new ProducerRecord<>(topic, p, null, new byte[8])));
            }
            for (var f : sent) {
                var metadata = f.get(60, TimeUnit.SECONDS);
                delete.put(new TopicPartition(topic, metadata.partition()),
                        org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(metadata.offset() + 1));
            }
        }
        admin.deleteRecords(delete).all().get(60, TimeUnit.SECONDS);
    }

    @Override
    public Producer createProducer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) TributaryDriver.LINGER.toMillis());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, TributaryDriver.BATCH_SIZE);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        return new Producer() {
            @Override
            public CompletableFuture<?> send(String topic, int partition, byte[] value) {
                CompletableFuture<Object> done = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(metadata);
                    }
                });
                return done;
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(30));
            }
        };
    }

    @Override
    public Consumer createConsumer(String topic, List<Integer> partitions, boolean fromBeginning) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(assigned);
        if (fromBeginning) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position);
        }
        return new Consumer() {
            @Override
            public int poll(Duration timeout, RecordHandler handler) {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
                    handler.accept(r.partition(), r.offset(), r.value());
                    n++;
                }
                return n;
            }

            @Override
            public void seek(int partition, long offset) {
                consumer.seek(new TopicPartition(topic, partition), offset);
            }

            @Override
            public void close() {
                consumer.close(Duration.ofSeconds(10));
            }
        };
    }

    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(10));
        } finally {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping " + name + " failed", e);
            }
        }
    }
}
