package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SerdesTest {
    public record Order(String id, long cents, List<String> items) {
    }

    @Test
    void json_roundTripsARecord_andKeepsNull() {
        Order order = new Order("o-1", 4200, List.of("a", "b"));
        byte[] bytes = Serializers.<Order>json().serialize("orders", order);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"o-1\",\"cents\":4200,\"items\":[\"a\",\"b\"]}");
        assertThat(Deserializers.json(Order.class).deserialize("orders", bytes)).isEqualTo(order);
        assertThat(Serializers.json().serialize("orders", null)).isNull();
        assertThat(Deserializers.json(Order.class).deserialize("orders", null)).isNull();
    }

    @Test
    void json_readsGenericTypes() {
        Map<String, Long> totals = Deserializers.json(new ObjectMapper(), new TypeReference<Map<String, Long>>() { })
                .deserialize("t", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(totals).containsEntry("a", 1L);
    }

    @Test
    void json_withBytesThatAreNotTheType_failsWithATributaryException() {
        assertThatThrownBy(() -> Deserializers.json(Order.class).deserialize("t", "[1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TributaryException.class).hasMessageContaining("Cannot read JSON");
        assertThatThrownBy(() -> Serializers.json().serialize("t", new Object()))
                .isInstanceOf(TributaryException.class).hasMessageContaining("Cannot write");
    }

    @Test
    void kafkaSerdes_adaptKafkaSerializers_withTheSameBytes() {
        byte[] viaKafka = new LongSerializer().serialize("t", 42L);
        assertThat(KafkaSerdes.serializer(new LongSerializer()).serialize("t", 42L)).isEqualTo(viaKafka)
                .isEqualTo(Serializers.longs().serialize("t", 42L));
        assertThat(KafkaSerdes.deserializer(new LongDeserializer()).deserialize("t", viaKafka)).isEqualTo(42L);
        assertThat(KafkaSerdes.serializer(new StringSerializer()).serialize("t", "héllo"))
                .isEqualTo(Serializers.string().serialize("t", "héllo"));
    }
}
