package dev.tributary.cli;

import dev.tributary.client.TributaryException;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import java.io.PrintWriter;
import java.net.URI;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code tributary} command line: topics, producing from stdin, consuming to stdout,
 * groups, and a shell completion script ({@code source <(tributary generate-completion)}).
 * Errors print the service's detail on stderr and exit non-zero.
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, version = "tributary 0.1.0",
        description = "Command line client for Tributary, a serverless event log.",
        subcommands = {TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class, GroupsCommand.class,
                AclsCommand.class, AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {

    @Option(names = "--endpoint", defaultValue = "${env:TRIBUTARY_ENDPOINT:-http://localhost:8080}",
            scope = CommandLine.ScopeType.INHERIT, converter = Endpoint.class, paramLabel = "URL",
            description = "Service URL, http:// or https:// (default: $TRIBUTARY_ENDPOINT, else http://localhost:8080; now ${DEFAULT-VALUE}).")
    URI endpoint;

    /**
     * Credentials are read by the SDK's service client from {@code tributary.api-key},
     * {@code tributary.bearer-token} or {@code tributary.sigv4-region} (or the matching
     * environment variables), so the options only set those for this process.
     */
    @Option(names = "--api-key", scope = CommandLine.ScopeType.INHERIT,
            description = "API key to authenticate with (default: $TRIBUTARY_API_KEY).")
    void apiKey(String key) {
        System.setProperty("tributary.api-key", key);
    }

    @Option(names = "--bearer-token", scope = CommandLine.ScopeType.INHERIT,
            description = "OIDC/JWT bearer token to authenticate with (default: $TRIBUTARY_BEARER_TOKEN).")
    void bearerToken(String token) {
        System.setProperty("tributary.bearer-token", token);
    }

    @Option(names = "--sigv4-region", scope = CommandLine.ScopeType.INHERIT,
            description = "Sign requests with AWS SigV4 (default credentials chain) for an API in this region "
                    + "(default: $TRIBUTARY_SIGV4_REGION).")
    void sigV4Region(String region) {
        System.setProperty("tributary.sigv4-region", region);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** An admin client for {@link #endpoint}, with the credentials the options above set. */
    Admin admin() {
        return TributaryAdmin.builder().endpoint(endpoint).build();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; for tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            if (cause instanceof TributaryException te && te.errorCode() == null && te.getCause() != null
                    && te.getMessage().startsWith("Connection problem")) {
                commandLine.getErr().println("error: cannot reach the service at "
                        + ((Main) cli.getCommand()).endpoint + " (" + te.getCause() + ")");
                return 2;
            }
            commandLine.getErr().println("error: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }
}
