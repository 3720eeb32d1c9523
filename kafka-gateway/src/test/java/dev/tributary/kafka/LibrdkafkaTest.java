package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A librdkafka-based client (kcat) against the gateway: produce with keys and headers, then
 * consume, and the Java client sees the same records. Skipped, with the reason printed, where
 * kcat is not installed (Debian: {@code apt-get install kcat}).
 */
class LibrdkafkaTest {
    private static final GatewayStack STACK = GatewayStack.shared();

    private static String kcat() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "kcat");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    private static String run(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kcat did not finish: " + String.join(" ", command));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("kcat exit code; stderr: " + err).isZero();
        return out;
    }

    @Test
    void kcat_producesAndConsumesThroughTheGateway() throws Exception {
        String kcat = kcat();
        if (kcat == null) {
            System.out.println("LibrdkafkaTest skipped: kcat (librdkafka) is not installed on this machine.");
            Assumptions.abort("kcat (librdkafka) is not installed");
        }
        String topic;
        try (Admin admin = KafkaClientsTest.admin()) {
            topic = KafkaClientsTest.createTopic(admin, 1);
        }
        run("k1:v1\nk2:v2\nk3:v3\n", kcat, "-b", STACK.bootstrap(), "-P", "-t", topic, "-p", "0", "-K", ":",
                "-H", "origin=kcat", "-X", "acks=all");
        String consumed = run(null, kcat, "-b", STACK.bootstrap(), "-C", "-t", topic, "-p", "0", "-o", "beginning",
                "-e", "-q", "-f", "%k=%s@%o;%h\\n");
        assertThat(consumed.lines().toList())
                .containsExactly("k1=v1@0;origin=kcat", "k2=v2@1;origin=kcat", "k3=v3@2;origin=kcat");

        try (KafkaConsumer<String, String> consumer = KafkaClientsTest.consumer()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> got = KafkaClientsTest.readAll(consumer, 3);
            assertThat(got).extracting(ConsumerRecord::key).containsExactly("k1", "k2", "k3");
            assertThat(got).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
        }
        String metadata = run(null, kcat, "-b", STACK.bootstrap(), "-L", "-t", topic);
        assertThat(metadata).contains("topic \"" + topic + "\" with 1 partitions");
    }
}
