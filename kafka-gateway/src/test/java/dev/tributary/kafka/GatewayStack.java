package dev.tributary.kafka;

import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.localstack.EmbeddedStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The whole service for tests, started once per test JVM: the HTTP API and the Kafka
 * gateway (ephemeral ports, loopback) over the shared embedded stack (DynamoDB Local +
 * s3proxy); {@link #another()} starts a second instance over the same storage. Includes a
 * tiny HTTP client for the mixed-use tests.
 */
final class GatewayStack implements AutoCloseable {
    private static GatewayStack shared;

    final ApplicationContext context;
    final URI http;
    final KafkaGateway gateway;
    private final HttpClient client = HttpClient.newHttpClient();

    private GatewayStack() {
        EmbeddedStack stack = EmbeddedStack.shared();
        Map<String, Object> p = new HashMap<>(EmbeddedStorage.properties(stack));
        p.put("micronaut.server.port", -1);
        // The tests reach the HTTP API without credentials, as local mode does.
        p.put("tributary.security.auth", "none");
        p.put("tributary.kafka.host", "127.0.0.1");
        p.put("tributary.kafka.port", 0);
        p.put("tributary.kafka.advertised-host", "127.0.0.1");
        context = ApplicationContext.run(p);
        http = context.getBean(EmbeddedServer.class).start().getURI();
        gateway = context.getBean(KafkaGateway.class);
    }

    /** Another instance (HTTP API and gateway) over the same storage, as a second container would be. */
    static GatewayStack another() {
        return new GatewayStack();
    }

    static synchronized GatewayStack shared() {
        if (shared == null) {
            shared = new GatewayStack();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.context::close));
        }
        return shared;
    }

    String bootstrap() {
        return "127.0.0.1:" + gateway.port();
    }

    Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        return p;
    }

    /** Polls until {@code expected} records arrived or 30 s passed. */
    static <K, V> List<ConsumerRecord<K, V>> readAll(KafkaConsumer<K, V> consumer, int expected) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    static String uniqueTopic() {
        return "kafka-" + UUID.randomUUID().toString().substring(0, 13);
    }

    String get(String path) {
        return send(HttpRequest.newBuilder(http.resolve(path)).GET());
    }

    String postJson(String path, String json) {
        return send(HttpRequest.newBuilder(http.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() >= 300) {
                throw new AssertionError(r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
