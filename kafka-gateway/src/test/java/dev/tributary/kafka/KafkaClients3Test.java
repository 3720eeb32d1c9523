package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients 3.x (the previous major line, still the most deployed) against the gateway:
 * admin, idempotent keyed producer, assign+seek consumer and a classic group consumer. The
 * 3.x jar is loaded in a class loader of its own (the gateway runs on 4.x in this JVM), so the
 * client is driven through reflection.
 */
class KafkaClients3Test {
    private static final GatewayStack STACK = GatewayStack.shared();
    private static URLClassLoader kafka3;
    private static ClassLoader previous;

    @BeforeAll
    static void load() throws Exception {
        File dir = new File("target/kafka-clients-3");
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
        assertThat(jars).as("kafka-clients 3.x copied by the build into " + dir).isNotEmpty();
        List<URL> urls = new ArrayList<>();
        for (File jar : jars) {
            urls.add(jar.toURI().toURL());
        }
        kafka3 = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        previous = Thread.currentThread().getContextClassLoader();
        // Kafka clients load serializers through the context class loader.
        Thread.currentThread().setContextClassLoader(kafka3);
    }

    @AfterAll
    static void unload() throws Exception {
        Thread.currentThread().setContextClassLoader(previous);
        kafka3.close();
    }

    private static Class<?> type(String name) throws ClassNotFoundException {
        return kafka3.loadClass(name);
    }

    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        var m = (target instanceof Class<?> c ? c : target.getClass()).getMethod(method, types);
        m.setAccessible(true);
        return m.invoke(target instanceof Class<?> ? null : target, args);
    }

    private static Properties props() {
        Properties p = STACK.clientProperties();
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return p;
    }

    @Test
    void kafkaClients3_produceConsumeAndGroups() throws Exception {
        assertThat(type("org.apache.kafka.common.utils.AppInfoParser").getMethod("getVersion").invoke(null))
                .asString().startsWith("3.");
        String topic = "k3-" + UUID.randomUUID().toString().substring(0, 8);

        createTopic(topic, 3, java.util.Map.of());
        Class<?> recordType = type("org.apache.kafka.clients.producer.ProducerRecord");
        List<long[]> sent = new ArrayList<>();
        try (AutoCloseable producer = idempotentProducer()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Object record = recordType.getConstructor(String.class, Object.class, Object.class)
                        .newInstance(topic, "key-" + i, "value-" + i);
                futures.add((Future<?>) call(producer, "send", new Class<?>[] {recordType}, record));
            }
            for (int i = 0; i < futures.size(); i++) {
                Object md = futures.get(i).get();
                int partition = (int) call(md, "partition", new Class<?>[0]);
                long offset = (long) call(md, "offset", new Class<?>[0]);
                byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                assertThat(partition).isEqualTo(Utils.toPositive(Utils.murmur2(key)) % 3);
                sent.add(new long[] {partition, offset});
            }
        }

        Class<?> tpType = type("org.apache.kafka.common.TopicPartition");
        List<Object> partitions = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            partitions.add(tpType.getConstructor(String.class, int.class).newInstance(topic, p));
        }
        Properties consumerProps = props();
        consumerProps.put("enable.auto.commit", "false");
        try (AutoCloseable consumer = (AutoCloseable) type("org.apache.kafka.clients.consumer.KafkaConsumer")
                .getConstructor(Properties.class).newInstance(consumerProps)) {
            call(consumer, "assign", new Class<?>[] {Collection.class}, partitions);
            call(consumer, "seekToBeginning", new Class<?>[] {Collection.class}, partitions);
            assertThat(pollValues(consumer, 30)).hasSize(30);
        }

        Properties groupProps = props();
        groupProps.put("group.id", "k3-group-" + UUID.randomUUID().toString().substring(0, 8));
        groupProps.put("auto.offset.reset", "earliest");
        groupProps.put("enable.auto.commit", "false");
        try (AutoCloseable member = (AutoCloseable) type("org.apache.kafka.clients.consumer.KafkaConsumer")
                .getConstructor(Properties.class).newInstance(groupProps)) {
            call(member, "subscribe", new Class<?>[] {Collection.class}, List.of(topic));
            assertThat(pollValues(member, 30)).hasSize(30);
            call(member, "commitSync", new Class<?>[0]);
        }
        String offsets = STACK.get("/v1/groups/" + groupProps.getProperty("group.id") + "/offsets");
        assertThat(offsets).contains("\"partition\":0").contains("\"partition\":2");
    }

    @Test
    void kafkaClients3_producerBumpsItsEpochAfterInvalidRecord_andKeepsWriting() throws Exception {
        String topic = "k3-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic, 1, java.util.Map.of("cleanup.policy", "compact"));
        Class<?> recordType = type("org.apache.kafka.clients.producer.ProducerRecord");
        var ctor = recordType.getConstructor(String.class, Integer.class, Object.class, Object.class);
        List<Long> offsets = new ArrayList<>();
        try (AutoCloseable producer = idempotentProducer()) {
            for (int round = 0; round < 3; round++) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    futures.add((Future<?>) call(producer, "send", new Class<?>[] {recordType},
                            ctor.newInstance(topic, 0, "k" + i, "v" + (round * 5 + i))));
                }
                for (Future<?> f : futures) {
                    offsets.add((long) call(f.get(), "offset", new Class<?>[0]));
                }
                Future<?> keyless = (Future<?>) call(producer, "send", new Class<?>[] {recordType},
                        ctor.newInstance(topic, 0, null, "no key"));
                assertThatThrownBy(keyless::get).isInstanceOf(ExecutionException.class).cause()
                        .extracting(c -> c.getClass().getName()).isEqualTo("org.apache.kafka.common.InvalidRecordException");
            }
        }
        assertThat(offsets).isEqualTo(java.util.stream.LongStream.range(0, 15).boxed().toList());
    }

    private static void createTopic(String topic, int partitions, java.util.Map<String, String> configs) throws Exception {
        Object admin = type("org.apache.kafka.clients.admin.Admin").getMethod("create", Properties.class).invoke(null, props());
        try {
            Object newTopic = type("org.apache.kafka.clients.admin.NewTopic").getConstructor(String.class, int.class, short.class)
                    .newInstance(topic, partitions, (short) 1);
            call(newTopic, "configs", new Class<?>[] {java.util.Map.class}, configs);
            Object created = call(admin, "createTopics", new Class<?>[] {Collection.class}, List.of(newTopic));
            ((Future<?>) call(created, "all", new Class<?>[0])).get();
        } finally {
            ((AutoCloseable) admin).close();
        }
    }

    private static AutoCloseable idempotentProducer() throws Exception {
        Properties producerProps = props();
        producerProps.put("enable.idempotence", "true");
        producerProps.put("acks", "all");
        return (AutoCloseable) type("org.apache.kafka.clients.producer.KafkaProducer")
                .getConstructor(Properties.class).newInstance(producerProps);
    }

    private static List<String> pollValues(Object consumer, int expected) throws Exception {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < expected && System.nanoTime() < deadline) {
            Iterable<?> records = (Iterable<?>) call(consumer, "poll", new Class<?>[] {Duration.class}, Duration.ofMillis(200));
            for (Object r : records) {
                values.add((String) call(r, "value", new Class<?>[0]));
            }
        }
        return values;
    }
}
