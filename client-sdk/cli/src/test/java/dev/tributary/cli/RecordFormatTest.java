package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.Header;
import dev.tributary.client.consumer.ConsumerRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
    private static final ConsumerRecord<String, String> RECORD = new ConsumerRecord<>("orders", 3, 42, 1700000000000L,
            "alice", "{\"total\": 42}", List.of(new Header("source", "web".getBytes(StandardCharsets.UTF_8)),
            new Header("v", "1".getBytes(StandardCharsets.UTF_8))), 5, 13);

    @Test
    void kcatStyleFields() {
        assertThat(RecordFormat.parse("%t/%p@%o %T %k=%s (%K,%S) [%h] 100%%\\n").apply(RECORD))
                .isEqualTo("orders/3@42 1700000000000 alice={\"total\": 42} (5,13) [source=web,v=1] 100%\n");
    }

    @Test
    void textAndJson() {
        assertThat(RecordFormat.parse("text").apply(RECORD)).isEqualTo("alice\t{\"total\": 42}\n");
        assertThat(RecordFormat.parse("json").apply(RECORD)).isEqualTo("{\"topic\":\"orders\",\"partition\":3,\"offset\":42,"
                + "\"timestamp\":1700000000000,\"key\":\"alice\",\"value\":\"{\\\"total\\\": 42}\","
                + "\"headers\":{\"source\":\"web\",\"v\":\"1\"}}\n");
    }

    @Test
    void nullKey_printsEmpty_andLengthMinusOne() {
        ConsumerRecord<String, String> noKey = new ConsumerRecord<>("t", 0, 0, 0, null, "v", List.of(), -1, 1);
        assertThat(RecordFormat.parse("[%k][%K]\\t%s").apply(noKey)).isEqualTo("[][-1]\tv");
        assertThat(RecordFormat.parse("text").apply(noKey)).isEqualTo("v\n");
    }

    @Test
    void mistakes_areRefused() {
        assertThatThrownBy(() -> RecordFormat.parse("%x")).hasMessageContaining("unknown field '%x'");
        assertThatThrownBy(() -> RecordFormat.parse("%s\\q")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> RecordFormat.parse("%s%")).hasMessageContaining("lone");
        assertThatThrownBy(() -> RecordFormat.parse("yaml")).hasMessageContaining("text, json, or a format string");
    }
}
