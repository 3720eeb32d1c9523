package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;

/** {@code tributary acls add|list|remove} against the real service (local mode manages ACLs unauthenticated). */
class AclsCommandEndToEndTest {

    private static Result run(String... args) {
        return CliTestSupport.run(args);
    }

    @Test
    void addListRemove_roundTrips_andBadEntriesFail() {
        String principal = "User:cli-" + System.nanoTime();
        String[] entry = {"--principal", principal, "--resource-type", "topic", "--resource-name", "orders-",
            "--pattern", "PREFIXED", "--operation", "read"};

        Result added = run(concat(new String[] {"acls", "add"}, entry));
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(run("acls", "list", "--principal", principal).out())
                .contains("ALLOW " + principal + " READ TOPIC:PREFIXED:orders-");

        Result removed = run(concat(new String[] {"acls", "remove"}, entry));
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(run("acls", "list", "--principal", principal).out()).contains("No ACLs.");
        assertThat(run(concat(new String[] {"acls", "remove"}, entry)).exitCode()).isEqualTo(1);

        Result bad = run("acls", "add", "--principal", principal, "--resource-type", "GROUP", "--resource-name", "g",
                "--operation", "WRITE");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("does not apply to GROUP");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
