package dev.tributary.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credentials travel on every service request, as the header their kind calls for. */
class ServiceClientCredentialsTest {
    private HttpServer server;
    private final List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(Map.copyOf(exchange.getRequestHeaders()));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ServiceClient client(ServiceClient.Credentials credentials) {
        return new ServiceClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5),
                credentials);
    }

    @Test
    void apiKey_isSentAsXApiKey_onJsonAndBinaryRequests() {
        ServiceClient c = client(ServiceClient.Credentials.apiKey("trb_secret"));
        c.sendJson("GET", "/v1/topics", null);
        ServiceClient.await(c.postBytesAsync("/v1/topics/t/records", "application/vnd.tributary.batches", new byte[] {1}));

        assertThat(seen).hasSize(2).allSatisfy(h -> {
            assertThat(h.get("X-api-key")).containsExactly("trb_secret");
            assertThat(h).doesNotContainKey("Authorization");
        });
    }

    @Test
    void bearerToken_isSentAsAuthorization() {
        client(ServiceClient.Credentials.bearerToken("eyJ.token")).sendJson("POST", "/v1/producers", Map.of());
        assertThat(seen.get(0).get("Authorization")).containsExactly("Bearer eyJ.token");
    }

    @Test
    void sigV4_signsEveryRequest_forExecuteApi_withTheBody() {
        SigV4Signer signer = new SigV4Signer("eu-west-1", software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
                .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
        ServiceClient c = new ServiceClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(5), ServiceClient.Credentials.sigV4("eu-west-1"), signer);
        c.sendJson("POST", "/v1/topics", Map.of("name", "a"));
        c.sendJson("POST", "/v1/topics", Map.of("name", "b"));

        assertThat(seen).hasSize(2).allSatisfy(h -> {
            assertThat(h.get("Authorization").get(0))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/execute-api/aws4_request")
                    .contains("SignedHeaders=").contains("host");
            assertThat(h).containsKey("X-amz-date");
        });
        assertThat(signature(seen.get(0))).as("the body is signed").isNotEqualTo(signature(seen.get(1)));
    }

    private static String signature(Map<String, List<String>> headers) {
        String auth = headers.get("Authorization").get(0);
        return auth.substring(auth.indexOf("Signature=") + 10);
    }

    @Test
    void noCredentials_sendNoAuthHeaders() {
        client(ServiceClient.Credentials.NONE).sendJson("GET", "/v1/topics", null);
        assertThat(seen.get(0)).doesNotContainKeys("Authorization", "X-api-key");
    }

    @Test
    void environment_suppliesCredentials_propertiesFirst() {
        Map<String, String> env = Map.of("TRIBUTARY_API_KEY", "from-env", "TRIBUTARY_BEARER_TOKEN", "tok");
        assertThat(ServiceClient.Credentials.from(env::get, name -> null).apiKey()).isEqualTo("from-env");
        assertThat(ServiceClient.Credentials.from(env::get, Map.of("tributary.api-key", "from-prop")::get).apiKey())
                .isEqualTo("from-prop");
        assertThat(ServiceClient.Credentials.from(Map.of("TRIBUTARY_BEARER_TOKEN", "tok")::get, name -> null).bearerToken())
                .isEqualTo("tok");
        assertThat(ServiceClient.Credentials.from(name -> null, name -> null)).isEqualTo(ServiceClient.Credentials.NONE);
        assertThat(ServiceClient.Credentials.apiKey("trb_secret").toString()).doesNotContain("trb_secret");
        assertThatThrownBy(() -> new ServiceClient.Credentials("a", "b", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ServiceClient.Credentials.from(Map.of("TRIBUTARY_SIGV4_REGION", "eu-west-1")::get, name -> null)
                .sigV4Region()).isEqualTo("eu-west-1");
    }
}
