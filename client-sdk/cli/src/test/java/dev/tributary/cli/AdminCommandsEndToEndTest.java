package dev.tributary.cli;

import static dev.tributary.cli.CliTestSupport.produce;
import static dev.tributary.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.cli.CliTestSupport.Result;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.e2e.LiveService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** topics alter/grow, produce with keys and headers, consume formats, groups reset-offsets/delete: against the real service. */
class AdminCommandsEndToEndTest {

    private static String topic(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void topicsAlterAndGrow() {
        String topic = topic("cli-alter");
        assertThat(run("topics", "create", topic, "--partitions", "2").exitCode()).isZero();

        Result altered = run("topics", "alter", topic, "--config", "retention.ms=86400000");
        assertThat(altered.exitCode()).as(altered.err()).isZero();
        assertThat(altered.out()).contains("retention.ms = 86400000");

        Result grown = run("topics", "grow", topic, "--partitions", "5");
        assertThat(grown.exitCode()).as(grown.err()).isZero();
        assertThat(grown.out()).contains("now has 5 partitions");

        Result shrink = run("topics", "grow", topic, "--partitions", "3");
        assertThat(shrink.exitCode()).isEqualTo(1);
        assertThat(shrink.err()).startsWith("error: ");
        assertThat(run("topics", "describe", topic).out().lines().filter(l -> l.matches("\\d+\\s+.*"))).hasSize(5);
        assertThat(run("topics", "describe", topic).out()).contains("SIZE_BYTES")
                .containsPattern("(?m)^0\\s+0\\s+0\\s+0\\s+0$");

        Result badConfig = run("topics", "alter", topic, "--config", "retention.ms=soon");
        assertThat(badConfig.exitCode()).isEqualTo(1);
        assertThat(run("topics", "describe", topic).out()).contains("retention.ms = 86400000");
        assertThat(run("topics", "alter", topic("cli-missing"), "--config", "retention.ms=1").err()).contains("error: ");
    }

    @Test
    void produceWithKeysAndHeaders_consumeAsJsonAndFormatString() {
        String topic = topic("cli-fmt");
        assertThat(run("topics", "create", topic).exitCode()).isZero();
        Result produced = produce("alice:hello\nbob:world\nnokey\n", "--topic", topic, "-K", ":", "-H", "source=cli",
                "--header", "trace=1");
        assertThat(produced.exitCode()).as(produced.err()).isZero();

        Result json = run("consume", "--topic", topic, "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out().lines()).hasSize(3);
        assertThat(json.out().lines().findFirst().orElseThrow()).contains("\"key\":\"alice\"").contains("\"value\":\"hello\"")
                .contains("\"headers\":{\"source\":\"cli\",\"trace\":\"1\"}").contains("\"offset\":0");

        Result custom = run("consume", "--topic", topic, "-f", "%p:%o %k=%s %h\\n");
        assertThat(custom.out().lines()).containsExactly("0:0 alice=hello source=cli,trace=1",
                "0:1 bob=world source=cli,trace=1", "0:2 =nokey source=cli,trace=1");

        Result badHeader = produce("x\n", "--topic", topic, "-H", "novalue");
        assertThat(badHeader.exitCode()).isEqualTo(2);
        assertThat(badHeader.err()).contains("--header must be KEY=VALUE");
        assertThat(run("consume", "--topic", topic).out().lines()).hasSize(3);
    }

    @Test
    void groupsResetOffsets_isADryRunUnlessExecuted_thenDelete() {
        String topic = topic("cli-reset");
        String group = "g-" + topic;
        assertThat(run("topics", "create", topic, "--partitions", "2").exitCode()).isZero();
        assertThat(produce("a\nb\nc\nd\ne\nf\n", "--topic", topic, "--partition", "0").exitCode()).isZero();
        assertThat(run("consume", "--topic", topic, "--group", group, "--max-records", "4").exitCode()).isZero();

        try (Admin admin = TributaryAdmin.builder().endpoint(LiveService.endpoint()).build()) {
            Result dry = run("groups", "reset-offsets", group, "--topic", topic, "--to-earliest");
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("Dry run");
            assertThat(offsetOf(admin, group, 0)).isEqualTo(4);

            Result toOffset = run("groups", "reset-offsets", group, "--topic", topic, "--partition", "0", "--to-offset", "2",
                    "--execute");
            assertThat(toOffset.exitCode()).as(toOffset.err()).isZero();
            assertThat(offsetOf(admin, group, 0)).isEqualTo(2);

            assertThat(run("groups", "reset-offsets", group, "--topic", topic, "--to-latest", "--execute").exitCode()).isZero();
            assertThat(offsetOf(admin, group, 0)).isEqualTo(6);
            assertThat(offsetOf(admin, group, 1)).isZero();

            assertThat(run("groups", "reset-offsets", group, "--topic", topic, "--to-datetime", "0", "--execute")
                    .exitCode()).isZero();
            assertThat(offsetOf(admin, group, 0)).isZero();

            Result noTarget = run("groups", "reset-offsets", group, "--topic", topic);
            assertThat(noTarget.exitCode()).isEqualTo(2);
            Result twoTargets = run("groups", "reset-offsets", group, "--topic", topic, "--to-earliest", "--to-latest");
            assertThat(twoTargets.exitCode()).isEqualTo(2);
            Result negative = run("groups", "reset-offsets", group, "--topic", topic, "--to-offset", "-1", "--execute");
            assertThat(negative.exitCode()).isEqualTo(2);
            assertThat(offsetOf(admin, group, 0)).isZero();

            Result deleted = run("groups", "delete", group);
            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
            assertThat(deleted.out()).contains("Deleted group " + group);
            assertThat(run("groups", "list").out().lines()).doesNotContain(group);
            Result again = run("groups", "delete", group);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("error: ");
        }
    }

    private static long offsetOf(Admin admin, String group, int partition) {
        List<GroupOffset> offsets = admin.listGroupOffsets(group);
        return offsets.stream().filter(o -> o.partition() == partition).mapToLong(GroupOffset::offset).findFirst().orElse(-1);
    }
}
