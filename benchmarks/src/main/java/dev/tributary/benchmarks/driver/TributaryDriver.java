package dev.tributary.benchmarks.driver;

import dev.tributary.client.Compression;
import dev.tributary.client.Deserializers;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.ConsumerRecords;
import dev.tributary.client.consumer.ReadMode;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.TributaryProducer;
import dev.tributary.core.api.ServiceStats;
import dev.tributary.benchmarks.Workload;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.functions.produce.ProduceStats;
import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.Storage;
import dev.tributary.storage.StorageSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Tributary in local mode, in this process: the Micronaut application on a free port over
 * the embedded stack (DynamoDB Local + s3proxy) with data in a temporary directory, driven
 * through the Java SDK with idempotence on. Consumers read segment bytes straight from the
 * (emulated) S3 with presigned URLs, as they would on AWS.
 *
 * <p>The driver starts the stack itself and points the application at it (exactly the
 * settings local mode derives), so the application can be restarted with other server
 * settings ({@link #restartWith}) over the same data. The application's Kafka gateway is off
 * unless asked for ({@link #withKafkaGateway()}, for {@link KafkaDriver#overGateway()}).
 * Not thread-safe.
 */
public final class TributaryDriver implements BenchmarkDriver {
    /** Same batching knobs as the Kafka driver's {@code linger.ms} and {@code batch.size}. */
    static final Duration LINGER = Duration.ofMillis(5);
    static final int BATCH_SIZE = 1 << 20;

    private final Path dataDir;
    private final EmbeddedStack stack;
    private ApplicationContext context;
    private URI endpoint;
    private Admin admin;
    private Map<String, String> serverProperties = Map.of();
    private final boolean kafkaGateway;
    private String kafkaBootstrap;

    public TributaryDriver() {
        this(false);
    }

    /** The same server with its Kafka gateway listening on a free loopback port. */
    public static TributaryDriver withKafkaGateway() {
        return new TributaryDriver(true);
    }

    private TributaryDriver(boolean kafkaGateway) {
        this.kafkaGateway = kafkaGateway;
        try {
            dataDir = Files.createTempDirectory("tributary-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TempDirs.deleteOnExit(dataDir);
        stack = EmbeddedStack.builder().dataDir(dataDir).build().start();
        startServer(Map.of());
    }

    private void startServer(Map<String, String> overrides) {
        StorageSettings s = EmbeddedStorage.settingsFor(stack, new TributaryConfig.StorageConfig().getMaxConnections());
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", freePort());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("tributary.storage.mode", "aws");
        properties.put("tributary.storage.region", s.region());
        properties.put("tributary.storage.name-prefix", s.namePrefix());
        properties.put("tributary.storage.bucket", s.bucket());
        properties.put("tributary.storage.s3-endpoint", s.s3Endpoint().toString());
        properties.put("tributary.storage.dynamodb-endpoint", s.dynamoDbEndpoint().toString());
        properties.put("tributary.storage.access-key-id", s.accessKeyId());
        properties.put("tributary.storage.secret-access-key", s.secretAccessKey());
        properties.put("tributary.storage.path-style", s.pathStyle());
        // Local mode's settings: the harness's clients send no credentials.
        properties.put("tributary.security.auth", "none");
        properties.put("tributary.kafka.enabled", kafkaGateway);
        int kafkaPort = freePort();
        if (kafkaGateway) {
            properties.put("tributary.kafka.host", "127.0.0.1");
            properties.put("tributary.kafka.advertised-host", "127.0.0.1");
            properties.put("tributary.kafka.port", kafkaPort);
        }
        properties.putAll(overrides);
        context = ApplicationContext.run(properties);
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        admin = TributaryAdmin.builder().endpoint(endpoint).build();
        serverProperties = Map.copyOf(overrides);
        kafkaBootstrap = kafkaGateway ? "127.0.0.1:" + kafkaPort : null;
    }

    /** {@code host:port} of the Kafka gateway; only with {@link #withKafkaGateway()}. */
    String kafkaBootstrap() {
        if (kafkaBootstrap == null) {
            throw new IllegalStateException("This driver was started without its Kafka gateway");
        }
        return kafkaBootstrap;
    }

    private void stopServer() {
        try {
            admin.close();
        } finally {
            context.close();
        }
    }

    @Override
    public boolean restartWith(Map<String, String> properties) {
        if (!properties.keySet().stream().allMatch(Workload::isServerProperty)) {
            return false;
        }
        if (!properties.equals(serverProperties)) {
            stopServer();
            startServer(properties);
        }
        return true;
    }

    @Override
    public Optional<StorageUnderTest> storage() {
        return Optional.of(new StorageUnderTest(context.getBean(Storage.class),
                context.getBean(TributaryConfig.class).getProduce().getMaxConcurrentUploads()));
    }

    @Override
    public Map<String, Long> serverCounters() {
        ServiceStats s = context.getBean(ProduceStats.class).snapshot(0);
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("produceRequests", s.produceRequests());
        counters.put("producedRecords", s.producedRecords());
        counters.put("producedBytes", s.producedBytes());
        counters.put("segmentPuts", s.segmentPuts());
        counters.put("segmentBytes", s.segmentBytes());
        counters.put("commitTransactions", s.commitTransactions());
        counters.put("failedFlushes", s.failedFlushes());
        counters.put("throttledRequests", s.throttledRequests());
        counters.put("heapUsedBytes", s.heapUsedBytes());
        counters.put("heapMaxBytes", s.heapMaxBytes());
        return counters;
    }

    @Override
    public String name() {
        return "tributary";
    }

    @Override
    public void createTopic(String topic, int partitions) {
        admin.createTopic(topic, partitions);
    }

    @Override
    public void deleteTopic(String topic) {
        admin.deleteTopic(topic);
    }

    @Override
    public Producer createProducer() {
        TributaryProducer<byte[], byte[]> producer = TributaryProducer.builder()
                .endpoint(endpoint)
                .keySerializer(Serializers.bytes()).valueSerializer(Serializers.bytes())
                .linger(LINGER).batchSize(BATCH_SIZE).compression(Compression.NONE)
                .idempotence(true)
                .maxInFlightRequests(Integer.getInteger("tributary.bench.maxInFlight", 1))
                .build();
        return new Producer() {
            @Override
            public CompletableFuture<?> send(String topic, int partition, byte[] value) {
                return producer.send(new ProducerRecord<>(topic, partition, null, value));
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }

    @Override
    public Consumer createConsumer(String topic, List<Integer> partitions, boolean fromBeginning) {
        TributaryConsumer<byte[], byte[]> consumer = TributaryConsumer.builder()
                .endpoint(endpoint)
                .keyDeserializer(Deserializers.bytes()).valueDeserializer(Deserializers.bytes())
                .readMode(ReadMode.DIRECT_S3)
                .fetchMaxWait(Duration.ofMillis(500))
                .build();
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
                ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
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
                consumer.close();
            }
        };
    }

    @Override
    public void close() {
        try {
            stopServer();
        } finally {
            try {
                stack.close();
            } finally {
                TempDirs.delete(dataDir);
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
