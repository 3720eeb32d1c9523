package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import dev.tributary.functions.security.SecuredServer.Reply;
import dev.tributary.storage.ApiKeyStore;
import org.junit.jupiter.api.Test;

/**
 * With API-key authentication on: requests without valid keys get 401, only super
 * users manage keys, and producer ids belong to the principal that asked for them.
 */
class ApiKeyAuthenticationTest {
    private static final SecuredServer SECURED = SecuredServer.shared();
    private final TestServer server = SECURED.server;
    private final String adminKey = SECURED.adminKey;

    private Reply call(String method, String path, String key, String json) {
        return SECURED.call(method, path, key, json);
    }

    private String keyFor(String principal) {
        Reply created = call("POST", "/v1/api-keys", adminKey, "{\"principal\":\"" + principal + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.body().get("apiKey").asText();
    }

    @Test
    void missingMalformedOrUnknownKeys_are401_andChangeNothing() {
        String topic = TestServer.uniqueTopic();
        String body = "{\"name\":\"" + topic + "\",\"partitions\":1}";
        Reply none = call("POST", "/v1/topics", null, body);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(call("POST", "/v1/topics", "not-a-key", body).errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(call("POST", "/v1/topics", "trb_" + "A".repeat(43), body).errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(call("GET", "/v1/topics/" + topic, adminKey, null).status()).isEqualTo(404);
    }

    @Test
    void keysCreatedByASuperUser_authenticate_untilRevoked() {
        String alice = keyFor("User:alice");
        String topic = TestServer.uniqueTopic();
        SECURED.allow("User:alice", "TOPIC", topic, "LITERAL", "ALL");
        assertThat(call("POST", "/v1/topics", alice, "{\"name\":\"" + topic + "\",\"partitions\":1}").status()).isEqualTo(201);

        String keyId = ApiKeys.keyId(alice);
        assertThat(call("GET", "/v1/api-keys", adminKey, null).body().get("apiKeys").toString())
                .contains(keyId).contains("User:alice").doesNotContain(alice);
        assertThat(call("DELETE", "/v1/api-keys/" + keyId, adminKey, null).status()).isEqualTo(204);

        assertThat(call("GET", "/v1/topics/" + topic, alice, null).status()).isEqualTo(401);
        assertThat(call("DELETE", "/v1/api-keys/" + keyId, adminKey, null).status()).isEqualTo(404);
    }

    @Test
    void nonSuperUsers_cannotManageKeys_norGrantThemselvesOne() {
        String mallory = keyFor("User:mallory");
        int before = server.context().getBean(ApiKeyStore.class).list().size();

        Reply grant = call("POST", "/v1/api-keys", mallory, "{\"principal\":\"User:admin\"}");
        assertThat(grant.status()).isEqualTo(403);
        assertThat(grant.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(call("GET", "/v1/api-keys", mallory, null).status()).isEqualTo(403);
        assertThat(call("DELETE", "/v1/api-keys/" + ApiKeys.keyId(adminKey), mallory, null).status()).isEqualTo(403);
        assertThat(server.context().getBean(ApiKeyStore.class).list()).hasSize(before);
        assertThat(call("POST", "/v1/api-keys", adminKey, "{\"principal\":\"alice\"}").status()).isEqualTo(400);
    }

    @Test
    void producerIds_areUnguessable_andOnlyTheirOwnerCanFenceThem() {
        String alice = keyFor("User:alice-producer");
        SECURED.allow("User:alice-producer", "CLUSTER", "kafka-cluster", "LITERAL", "IDEMPOTENT_WRITE");
        SECURED.allow("User:bob-producer", "CLUSTER", "kafka-cluster", "LITERAL", "IDEMPOTENT_WRITE");
        String bob = keyFor("User:bob-producer");
        Reply first = call("POST", "/v1/producers", alice, null);
        Reply second = call("POST", "/v1/producers", alice, null);
        long id = first.body().get("producerId").asLong();
        assertThat(id).isGreaterThan(1L << 32);
        assertThat(Math.abs(second.body().get("producerId").asLong() - id)).isGreaterThan(1000);

        Reply stolen = call("POST", "/v1/producers", bob, "{\"producerId\":" + id + "}");
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.errorCode()).isEqualTo("INVALID_REQUEST");

        Reply bumped = call("POST", "/v1/producers", alice, "{\"producerId\":" + id + "}");
        assertThat(bumped.status()).isEqualTo(200);
        assertThat(bumped.body().get("producerEpoch").asInt()).isEqualTo(1);
    }
}
