package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Topic administration beyond the HTTP contract ({@code contract.HttpApiContract}). */
class TopicsApiTest {
    private final TestServer server = TestServer.shared();

    @Test
    void recreatedTopic_neverSeesOldRecords() {
        String name = server.createTopic(1);
        String oldId = server.get("/v1/topics/" + name).body().get("topicId").asText();
        Response produced = server.post("/v1/topics/" + name + "/records",
                Map.of("records", List.of(Map.of("value", "old-1"), Map.of("value", "old-2"))));
        assertThat(produced.status()).isEqualTo(200);
        assertThat(server.delete("/v1/topics/" + name).status()).isEqualTo(204);

        Response recreated = server.post("/v1/topics", Map.of("name", name, "partitions", 1));
        assertThat(recreated.status()).isEqualTo(201);
        assertThat(recreated.body().get("topicId").asText()).isNotEqualTo(oldId);
        assertThat(recreated.body().at("/partitions/0/latestOffset").asLong()).isZero();
        Response fetched = server.get("/v1/topics/" + name + "/partitions/0/records?offset=0");
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body().get("records")).isEmpty();
        assertThat(server.get("/v1/topics/" + name + "/partitions/0/records?offset=1").errorCode())
                .isEqualTo("OFFSET_OUT_OF_RANGE");
    }

    @Test
    void defaultPartitionCount_isOne() {
        String name = TestServer.uniqueTopic();
        Response created = server.post("/v1/topics", Map.of("name", name));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("partitions")).hasSize(1);
    }
}
