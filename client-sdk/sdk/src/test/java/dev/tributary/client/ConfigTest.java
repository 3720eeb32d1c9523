package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.admin.AdminConfig;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerConfig;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void producerConfig_fromKafkaProperties_mapsTheKafkaKeys() {
        ProducerConfig c = ProducerConfig.fromProperties(Map.of(
                "bootstrap.servers", "localhost:8080,other:8080", "linger.ms", "20", "batch.size", 65536,
                "compression.type", "zstd", "enable.idempotence", "false", "delivery.timeout.ms", 30000,
                "request.timeout.ms", "1000", "acks", "all", "key.serializer", "ignored.Serializer"));
        assertThat(c.client().endpoint()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(c.linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.batchSize()).isEqualTo(65536);
        assertThat(c.compression()).isEqualTo(Compression.ZSTD);
        assertThat(c.idempotence()).isFalse();
        assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.client().requestTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void consumerConfig_fromKafkaProperties_mapsTheKafkaKeys() {
        ConsumerConfig c = ConsumerConfig.fromProperties(Map.of(
                "bootstrap.servers", "https://events.example.com", "group.id", "billing",
                "auto.offset.reset", "earliest", "enable.auto.commit", false, "max.poll.records", "100",
                "max.poll.interval.ms", "60000", "session.timeout.ms", "10000", "fetch.max.bytes", 1048576));
        assertThat(c.client().endpoint()).isEqualTo(URI.create("https://events.example.com"));
        assertThat(c.groupId()).isEqualTo("billing");
        assertThat(c.autoOffsetReset()).isEqualTo(AutoOffsetReset.EARLIEST);
        assertThat(c.enableAutoCommit()).isFalse();
        assertThat(c.maxPollRecords()).isEqualTo(100);
        assertThat(c.maxPollInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.fetchMaxBytes()).isEqualTo(1 << 20);
    }

    @Test
    void fromProperties_withABadValue_namesTheKey() {
        assertThatThrownBy(() -> ProducerConfig.fromProperties(Map.of("bootstrap.servers", "h:1",
                "linger.ms", "soon"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linger.ms");
        assertThatThrownBy(() -> ProducerConfig.fromProperties(Map.of("bootstrap.servers", "h:1",
                "compression.type", "snappy"))).hasMessageContaining("compression.type");
        assertThatThrownBy(() -> ConsumerConfig.fromProperties(Map.of("bootstrap.servers", "h:1",
                "auto.offset.reset", "smallest"))).hasMessageContaining("auto.offset.reset");
        assertThatThrownBy(() -> ConsumerConfig.fromProperties(Map.of("bootstrap.servers", "h:1",
                "enable.auto.commit", "yes"))).hasMessageContaining("enable.auto.commit");
        assertThatThrownBy(() -> AdminConfig.fromProperties(Map.of())).hasMessageContaining("endpoint");
    }

    @Test
    void build_validatesRanges_andToBuilderKeepsEverySetting() {
        assertThatThrownBy(() -> ConsumerConfig.builder().endpoint(URI.create("http://h:1"))
                .sessionTimeout(Duration.ofSeconds(1)).build()).hasMessageContaining("sessionTimeout");
        assertThatThrownBy(() -> ProducerConfig.builder().endpoint(URI.create("http://h:1")).batchSize(0).build())
                .hasMessageContaining("batchSize");
        ProducerConfig p = ProducerConfig.builder().endpoint(URI.create("http://h:1")).linger(Duration.ofMillis(9))
                .maxInFlightRequests(2).build();
        ProducerConfig copy = p.toBuilder().build();
        assertThat(copy.linger()).isEqualTo(p.linger());
        assertThat(copy.maxInFlightRequests()).isEqualTo(2);
        assertThat(copy.client()).isEqualTo(p.client());
    }

    @Test
    void consumerBuilder_acceptsAConfig_andKeepsItsOwnSetters() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:1");
        props.put("group.id", "g");
        try (TributaryConsumer<String, String> consumer = TributaryConsumer.create(props, Deserializers.string(),
                Deserializers.string())) {
            assertThat(consumer.config().groupId()).isEqualTo("g");
            try (TributaryConsumer<String, String> changed = consumer.toBuilder().maxPollRecords(7).build()) {
                assertThat(changed.config().maxPollRecords()).isEqualTo(7);
                assertThat(changed.config().groupId()).isEqualTo("g");
            }
        }
    }
}
