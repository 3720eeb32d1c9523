package dev.tributary.functions.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.api.CreateTopicRequest;
import dev.tributary.core.api.GroupOffsets;
import dev.tributary.core.api.ProduceRequest;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.TestServer;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Binding request bodies to the typed records: no coercion, constraints checked, the field named. */
class JsonBodiesTest {
    private final JsonBodies json = TestServer.shared().context().getBean(JsonBodies.class);

    private <T extends Record> T read(String body, Class<T> type) {
        return json.read(body.getBytes(StandardCharsets.UTF_8), type);
    }

    private AbstractThrowableAssert<?, ?> refused(String body, Class<? extends Record> type) {
        return assertThatThrownBy(() -> read(body, type))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void read_bindsEveryField() {
        CreateTopicRequest req = read("{\"name\":\"orders\",\"partitions\":3,\"config\":{\"retention.ms\":5,"
                + "\"cleanup.policy\":\"delete\",\"x\":true}}", CreateTopicRequest.class);

        assertThat(req.name()).isEqualTo("orders");
        assertThat(req.partitions()).isEqualTo(3);
        assertThat(req.config()).containsOnlyKeys("retention.ms", "cleanup.policy", "x");
        assertThat(req.config().get("cleanup.policy")).isEqualTo("delete");
    }

    @Test
    void read_refusesCoercions_namingTheField() {
        refused("{\"name\":12}", CreateTopicRequest.class).hasMessage("'name' must be a string.");
        refused("{\"name\":\"a\",\"partitions\":1.5}", CreateTopicRequest.class).hasMessage("'partitions' must be a whole number.");
        refused("{\"name\":\"a\",\"partitions\":\"3\"}", CreateTopicRequest.class).hasMessage("'partitions' must be a whole number.");
        refused("{\"name\":[\"a\"]}", CreateTopicRequest.class).hasMessage("'name' must be a string.");
        refused("{\"name\":\"a\",\"config\":{\"retention.ms\":1.5}}", CreateTopicRequest.class)
                .hasMessage("'config.retention.ms' must be a string, a whole number or a boolean.");
        refused("{\"records\":[{\"value\":\"v\"},{\"value\":12}]}", ProduceRequest.class)
                .hasMessage("'records[1].value' must be a string.");
        refused("{\"records\":[null]}", ProduceRequest.class).hasMessage("'records[0]' must not be null.");
        refused("{\"records\":{}}", ProduceRequest.class).hasMessage("'records' must be a JSON array.");
    }

    @Test
    void read_checksConstraints_ofTheBodyAndOfEachListedRecord() {
        refused("{\"partitions\":1}", CreateTopicRequest.class).hasMessage("'name' is required.");
        refused("{\"name\":\"a\",\"partitions\":0}", CreateTopicRequest.class).hasMessageStartingWith("'partitions' must be");
        refused("{\"records\":[]}", ProduceRequest.class).hasMessage("'records' is empty; send at least one record.");
        refused("{\"records\":[{\"value\":\"v\",\"timestamp\":-5}]}", ProduceRequest.class)
                .hasMessageStartingWith("'records[0].timestamp' must be");
        refused("{\"records\":[{\"value\":\"v\"}],\"valueEncoding\":\"rot13\"}", ProduceRequest.class)
                .hasMessage("'valueEncoding' must be 'string' or 'base64'.");
        refused("{\"offsets\":[{\"topic\":\"t\",\"partition\":0,\"offset\":1},{\"topic\":\"t\",\"partition\":1}]}",
                GroupOffsets.class).hasMessage("'offsets[1].offset' is required.");
    }

    @Test
    void read_refusesMalformedJson_withoutParserInternals() {
        refused("{\"name\": x}", CreateTopicRequest.class).hasMessageStartingWith("The request body is not valid JSON (line 1")
                .message().doesNotContain("jackson").doesNotContain("Unexpected character");
        refused("{\"name\":\"a\",\"name\":\"b\"}", CreateTopicRequest.class);
        refused("{\"name\":\"a\"} {}", CreateTopicRequest.class);
        refused("[]", CreateTopicRequest.class).hasMessage("The request body must be a JSON object.");
    }
}
