package dev.tributary.functions.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.api.FetchResponse;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streamed fetch answer is exactly a {@link FetchResponse}: every field it writes is a record component. */
class FetchResponseWriterTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answer_bindsToTheRecord_withNullsAndHeaders() throws Exception {
        List<LogRecord> records = List.of(
                new LogRecord(7, 1_000, bytes("k"), bytes("v"), List.of(new RecordHeader("h", bytes("x")))),
                new LogRecord(8, 1_001, null, null, List.of()));
        byte[] json = FetchResponseWriter.write(new FetchService.FetchResult(records, 9, 12, 3, false, List.of()));

        FetchResponse answer = STRICT.readValue(json, FetchResponse.class);
        assertThat(answer.records()).containsExactly(
                new FetchResponse.FetchedRecord(7, 1_000L, "k", "v", Map.of("h", "x")),
                new FetchResponse.FetchedRecord(8, 1_001L, null, null, Map.of()));
        assertThat(answer.nextOffset()).isEqualTo(9);
        assertThat(answer.highWatermark()).isEqualTo(12);
        assertThat(answer.logStartOffset()).isEqualTo(3);
        assertThat(answer.corruptRanges()).as("absent when there are none").isNull();
        JsonNode tree = STRICT.readTree(json);
        assertThat(tree.has("corruptRanges")).isFalse();
        assertThat(tree.get("records").get(1).get("key").isNull()).as("null keys are written as null").isTrue();
    }

    @Test
    void base64AndCorruptRanges_bindToTheRecord() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        records.add(new LogRecord(0, 5, new byte[] {(byte) 0xff}, bytes("v"), List.of(new RecordHeader("h", null))));
        byte[] json = FetchResponseWriter.write(new FetchService.FetchResult(records, 4, 4, 0, true,
                List.of(new FetchService.CorruptRange(1, 4, "bad CRC"))));

        FetchResponse answer = STRICT.readValue(json, FetchResponse.class);
        FetchResponse.FetchedRecord r = answer.records().get(0);
        assertThat(Base64.getDecoder().decode(r.key())).containsExactly(0xff);
        assertThat(r.headers()).containsEntry("h", null);
        assertThat(answer.corruptRanges()).containsExactly(new FetchResponse.CorruptRange(1, 4, "CORRUPT_BATCH", "bad CRC"));
    }

    @Test
    void aFieldTheRecordLacks_isRefused() {
        assertThatThrownBy(() -> FetchResponseWriter.field(FetchResponse.class, "nextOfset"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nextOfset");
    }
}
