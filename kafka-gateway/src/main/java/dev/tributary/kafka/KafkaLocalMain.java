package dev.tributary.kafka;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * Local mode with the Kafka protocol: the HTTP API (port 8080 unless
 * {@code micronaut.server.port} says otherwise) and the Kafka gateway (port 9092 unless
 * {@code tributary.kafka.port} says otherwise; off with {@code tributary.kafka.enabled=false})
 * in one process on the embedded stack, data kept under {@code tributary.storage.data-dir}.
 */
public final class KafkaLocalMain {
    private KafkaLocalMain() {
    }

    public static void main(String[] args) {
        ApplicationContext context = Micronaut.build(args)
                .mainClass(KafkaLocalMain.class)
                .environments("local")
                .start();
        int port = context.getBean(EmbeddedServer.class).getPort();
        String kafka = context.findBean(KafkaGateway.class)
                .map(g -> " and the Kafka protocol on localhost:" + g.port())
                .orElse(" (Kafka protocol off)");
        System.out.println("Tributary is listening on http://localhost:" + port + kafka + ". Stop with Ctrl-C.");
    }
}
