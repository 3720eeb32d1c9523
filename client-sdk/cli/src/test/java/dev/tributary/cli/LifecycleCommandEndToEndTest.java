package dev.tributary.cli;

import static dev.tributary.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.Serializers;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.e2e.LiveService;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.TributaryProducer;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * {@code topics delete-records}, and {@code consume --group} across a topic deleted and
 * re-created under the same name, through the command line entry point against the real service.
 */
class LifecycleCommandEndToEndTest {
    private static void produce(URI endpoint, String topic, String prefix, int count) {
        try (TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, prefix + i));
            }
            producer.flush();
        }
    }

    @Test
    void deleteRecords_movesTheStart_andPastTheEndFails() {
        URI endpoint = LiveService.endpoint();
        String topic = "cli-delete-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            admin.createTopic(topic, 1);
            produce(endpoint, topic, "v", 5);
            CliTestSupport.Result ok = run("topics", "delete-records", topic, "--partition", "0", "--before", "3");
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("starts at offset 3");
            CliTestSupport.Result past = run("topics", "delete-records", topic, "--partition", "0", "--before", "9");
            assertThat(past.exitCode()).isNotZero();
            assertThat(admin.describeTopic(topic).partitions().get(0).earliestOffset()).isEqualTo(3);
            CliTestSupport.Result read = run("consume", "--topic", topic, "--from-beginning");
            assertThat(read.exitCode()).as(read.err()).isZero();
            assertThat(read.out().lines()).containsExactly("v3", "v4");
        }
    }

    @Test
    void consumeWithGroup_afterTheTopicIsDeletedAndRecreated_startsOverWithoutTheOldOffsets() {
        URI endpoint = LiveService.endpoint();
        String topic = "cli-recreate-" + System.nanoTime();
        String group = "cli-recreate-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build()) {
            admin.createTopic(topic, 1);
            produce(endpoint, topic, "old", 5);
            CliTestSupport.Result first = run("consume", "--topic", topic, "--group", group);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out().lines()).hasSize(5);

            admin.deleteTopic(topic);
            admin.createTopic(topic, 1);
            // More records than the old committed offset: inheriting it would silently skip new0..new4.
            produce(endpoint, topic, "new", 7);
            CliTestSupport.Result second = run("consume", "--topic", topic, "--group", group);
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out().lines()).containsExactly("new0", "new1", "new2", "new3", "new4", "new5", "new6");
        }
    }
}
