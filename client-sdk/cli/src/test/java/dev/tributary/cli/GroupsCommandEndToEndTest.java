package dev.tributary.cli;

import dev.tributary.cli.CliTestSupport.Result;
import dev.tributary.client.e2e.LiveService;

import static dev.tributary.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.Serializers;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.TributaryProducer;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code consume --group} and {@code groups list|describe} through the command line entry point, against the real service. */
class GroupsCommandEndToEndTest {

    @Test
    void consumeWithGroup_commitsWhatItPrinted_andDescribeShowsNoLag() {
        URI endpoint = LiveService.endpoint();
        String topic = "cli-groups-" + System.nanoTime();
        String group = "cli-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build();
             TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                     .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            admin.createTopic(topic, 3);
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();

            CliTestSupport.Result first = run("consume", "--topic", topic, "--group", group, "--max-records", "20");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out().lines()).hasSize(20);
            long committed = admin.listGroupOffsets(group).stream().mapToLong(GroupOffset::offset).sum();
            assertThat(committed).isEqualTo(20);

            CliTestSupport.Result rest = run("consume", "--topic", topic, "--group", group);
            assertThat(rest.exitCode()).as(rest.err()).isZero();
            assertThat(rest.out().lines()).hasSize(10).doesNotContainAnyElementsOf(first.out().lines().toList());

            CliTestSupport.Result list = run("groups", "list");
            assertThat(list.out().lines()).contains(group);

            CliTestSupport.Result describe = run("groups", "describe", group);
            assertThat(describe.exitCode()).as(describe.err()).isZero();
            assertThat(describe.out()).contains("State: Empty");
            assertThat(describe.out().lines().filter(l -> l.startsWith(topic)))
                    .hasSize(3).allSatisfy(l -> assertThat(l.split("\\s+")[4]).isEqualTo("0"));
        }
    }
}
