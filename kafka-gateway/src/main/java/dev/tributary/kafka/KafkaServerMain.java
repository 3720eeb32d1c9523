package dev.tributary.kafka;

import io.micronaut.runtime.Micronaut;

/**
 * Server mode (a container, e.g. {@code infra/kafka-gateway.yaml}): the Kafka gateway and the
 * HTTP API (which also answers the load balancer's {@code /health} check) against the storage
 * named by configuration, typically {@code TRIBUTARY_STORAGE_*} and {@code TRIBUTARY_KAFKA_*}
 * environment variables.
 */
public final class KafkaServerMain {
    private KafkaServerMain() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(KafkaServerMain.class).start();
    }
}
