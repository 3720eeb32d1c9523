package dev.tributary.cli;

import dev.tributary.client.e2e.LiveService;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process against the shared live service. */
final class CliTestSupport {
    record Result(int exitCode, String out, String err) {
    }

    private CliTestSupport() {
    }

    /** Runs with {@code --endpoint} set to the live service. */
    static Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint";
        all[1] = LiveService.endpoint().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return runRaw(all);
    }

    /** Runs exactly these arguments. */
    static Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs {@code produce} with {@code input} as standard input. */
    static Result produce(String input, String... args) {
        InputStream before = ProduceCommand.stdin;
        ProduceCommand.stdin = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "produce";
            System.arraycopy(args, 0, all, 1, args.length);
            return run(all);
        } finally {
            ProduceCommand.stdin = before;
        }
    }
}
