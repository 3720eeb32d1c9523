package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.MutableClock;
import dev.tributary.functions.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quotas over HTTP on a server whose clock the test moves: 429 + Retry-After, then recovery. */
class QuotaApiTest {
    private static TestServer server;
    private static MutableClock clock;
    private static String admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("test.mutable-clock", true, "tributary.security.auth", "api-key",
                "tributary.security.super-users", "User:admin"));
        clock = server.context().getBean(MutableClock.class);
        admin = server.context().getBean(ApiKeys.class).create(Principal.parse("User:admin"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header(ApiKeys.HEADER, key);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestQuota_answers429WithRetryAfter_andRecovers() throws Exception {
        String alice = server.context().getBean(ApiKeys.class).create(Principal.parse("User:q-alice"));
        assertThat(call("PUT", "/v1/quotas/User:q-alice", admin, "{\"requestsPerSecond\":2}").statusCode()).isEqualTo(200);
        String topic = TestServer.uniqueTopic();
        call("POST", "/v1/topics", admin, "{\"name\":\"" + topic + "\",\"partitions\":1}");
        call("POST", "/v1/acls", admin, "{\"principal\":\"User:q-alice\",\"resourceType\":\"TOPIC\",\"resourceName\":\""
                + topic + "\",\"patternType\":\"LITERAL\",\"operation\":\"ALL\",\"permission\":\"ALLOW\"}");

        assertThat(call("GET", "/v1/topics/" + topic, alice, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/topics/" + topic, alice, null).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = call("GET", "/v1/topics/" + topic, alice, null);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("\"errorCode\":\"THROTTLED\"");
        assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
        assertThat(call("GET", "/v1/topics/" + topic, admin, null).statusCode()).as("others are not slowed").isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        assertThat(call("GET", "/v1/topics/" + topic, alice, null).statusCode()).isEqualTo(200);
    }

    @Test
    void produceByteQuota_throttlesTheNextProduce_untilTheDebtIsRepaid() throws Exception {
        String bob = server.context().getBean(ApiKeys.class).create(Principal.parse("User:q-bob"));
        String topic = TestServer.uniqueTopic();
        call("POST", "/v1/topics", admin, "{\"name\":\"" + topic + "\",\"partitions\":1}");
        call("POST", "/v1/acls", admin, "{\"principal\":\"User:q-bob\",\"resourceType\":\"TOPIC\",\"resourceName\":\""
                + topic + "\",\"patternType\":\"LITERAL\",\"operation\":\"WRITE\",\"permission\":\"ALLOW\"}");
        call("PUT", "/v1/quotas/User:q-bob", admin, "{\"produceBytesPerSecond\":100}");
        String records = "{\"records\":[{\"value\":\"" + "x".repeat(950) + "\"}]}";

        assertThat(call("POST", "/v1/topics/" + topic + "/records", bob, records).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = call("POST", "/v1/topics/" + topic + "/records", bob, records);
        assertThat(throttled.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(8L, 11L);

        clock.advance(Duration.ofSeconds(retryAfter));
        assertThat(call("POST", "/v1/topics/" + topic + "/records", bob, records).statusCode()).isEqualTo(200);
    }

    @Test
    void quotaAdministration_validatesAndNeedsClusterAlter() throws Exception {
        String mallory = server.context().getBean(ApiKeys.class).create(Principal.parse("User:q-mallory"));
        assertThat(call("PUT", "/v1/quotas/User:q-mallory", mallory, "{\"requestsPerSecond\":-1}").statusCode()).isEqualTo(403);
        assertThat(call("PUT", "/v1/quotas/User:q-x", admin, "{\"requestsPerSecond\":-5}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/v1/quotas/nobody", admin, "{\"requestsPerSecond\":5}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/v1/quotas/User:q-x", admin, "{\"requestsPerSecond\":\"lots\"}").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/v1/quotas", admin, null).body()).doesNotContain("User:q-x").doesNotContain("q-mallory");
        assertThat(call("DELETE", "/v1/quotas/User:q-x", admin, null).statusCode()).isEqualTo(404);
    }
}
