package dev.tributary.cli;

import dev.tributary.client.e2e.LiveService;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line entry point against the live test service and captures its output. */
final class Cli {
    private Cli() {
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint";
        all[1] = LiveService.endpoint().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
