package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode keeps every topic and record across a stop and a start on the same data folder. */
class LocalModeRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void restart_keepsTopicsAndRecords() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Object> props = Map.of("micronaut.server.port", -1, "tributary.storage.mode", "embedded",
                "tributary.storage.data-dir", dataDir.toString());
        try (ApplicationContext first = ApplicationContext.run(props)) {
            URI uri = first.getBean(EmbeddedServer.class).start().getURI();
            assertThat(send(http, uri, "POST", "/v1/topics", "{\"name\":\"kept\",\"partitions\":2}").statusCode()).isEqualTo(201);
            HttpResponse<String> produced = send(http, uri, "POST", "/v1/topics/kept/records",
                    "{\"records\":[{\"value\":\"one\",\"partition\":1},{\"value\":\"two\",\"partition\":1}]}");
            assertThat(produced.statusCode()).isEqualTo(200);
        }
        assertThat(Files.list(dataDir).count()).isPositive();
        try (ApplicationContext second = ApplicationContext.run(props)) {
            URI uri = second.getBean(EmbeddedServer.class).start().getURI();
            HttpResponse<String> fetched = send(http, uri, "GET", "/v1/topics/kept/partitions/1/records?offset=0", null);
            assertThat(fetched.statusCode()).isEqualTo(200);
            var body = TestServer.JSON.readTree(fetched.body());
            assertThat(body.get("records")).hasSize(2);
            assertThat(body.at("/records/1/value").asText()).isEqualTo("two");
            HttpResponse<String> more = send(http, uri, "POST", "/v1/topics/kept/records",
                    "{\"records\":[{\"value\":\"three\",\"partition\":1}]}");
            assertThat(TestServer.JSON.readTree(more.body()).at("/offsets/0/offset").asLong()).isEqualTo(2);
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
