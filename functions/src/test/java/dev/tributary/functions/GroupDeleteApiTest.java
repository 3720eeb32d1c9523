package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code DELETE /v1/groups/{group}}: refused while members are live, then removes offsets and group. */
class GroupDeleteApiTest {
    private final TestServer server = TestServer.shared();

    @Test
    void delete_isRefusedWhileMembersAreLive_thenRemovesTheGroupAndItsOffsets() {
        String topic = server.createTopic(1);
        String group = "del-" + topic;
        Response joined = server.post("/v1/groups/" + group + "/heartbeat",
                Map.of("topics", List.of(topic), "sessionTimeoutMs", 30_000, "rebalanceTimeoutMs", 30_000));
        assertThat(joined.status()).isEqualTo(200);
        String member = joined.body().get("memberId").asText();
        int epoch = joined.body().get("memberEpoch").asInt();
        assertThat(server.post("/v1/groups/" + group + "/offsets", Map.of("memberId", member, "memberEpoch", epoch,
                "offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 0)))).status()).isEqualTo(200);

        Response refused = server.delete("/v1/groups/" + group);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("GROUP_NOT_EMPTY");
        assertThat(server.get("/v1/groups/" + group + "/offsets").body().get("offsets")).hasSize(1);

        assertThat(server.post("/v1/groups/" + group + "/heartbeat", Map.of("memberId", member, "memberEpoch", -1))
                .status()).isEqualTo(200);
        Response deleted = server.delete("/v1/groups/" + group);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("deletedOffsets").asInt()).isEqualTo(1);
        assertThat(server.get("/v1/groups/" + group).errorCode()).isEqualTo("GROUP_NOT_FOUND");
        assertThat(server.get("/v1/groups").body().get("groups").findValuesAsText("group")).doesNotContain(group);
        assertThat(server.delete("/v1/groups/" + group).errorCode()).isEqualTo("GROUP_NOT_FOUND");
    }

    @Test
    void delete_withAnInvalidGroupName_isABadRequest() {
        Response r = server.delete("/v1/groups/" + "x".repeat(300));
        assertThat(r.status()).isEqualTo(400);
    }
}
