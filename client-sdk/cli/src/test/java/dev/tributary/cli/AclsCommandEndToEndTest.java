package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.e2e.LiveService;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code tributary acls add|list|remove} against the real service (local mode manages ACLs unauthenticated). */
class AclsCommandEndToEndTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint";
        all[1] = LiveService.endpoint().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
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
