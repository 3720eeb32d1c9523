package dev.tributary.cli;

import static dev.tributary.cli.CliTestSupport.run;
import static dev.tributary.cli.CliTestSupport.runRaw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.cli.CliTestSupport.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Help, endpoint checking and shell completion: no service needed, except where said. */
class CommandLineTest {

    @Test
    void everyCommand_andSubcommand_hasHelp() {
        List<List<String>> commands = List.of(List.of(), List.of("topics"), List.of("topics", "create"),
                List.of("topics", "list"), List.of("topics", "describe"), List.of("topics", "alter"),
                List.of("topics", "grow"), List.of("topics", "delete"), List.of("produce"), List.of("consume"),
                List.of("groups"), List.of("groups", "list"), List.of("groups", "describe"),
                List.of("groups", "reset-offsets"), List.of("groups", "delete"), List.of("generate-completion"));
        for (List<String> command : commands) {
            String[] args = new String[command.size() + 1];
            for (int i = 0; i < command.size(); i++) {
                args[i] = command.get(i);
            }
            args[command.size()] = "--help";
            Result r = runRaw(args);
            assertThat(r.exitCode()).as(command + ": " + r.err()).isZero();
            assertThat(r.out()).as(command.toString()).startsWith("Usage: tributary").doesNotContain("Unknown option");
        }
    }

    @Test
    void endpointWithoutScheme_isRefusedWithAHint() {
        Result r = runRaw("--endpoint", "localhost:8080", "topics", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'localhost:8080' has no scheme; did you mean http://localhost:8080");
    }

    @Test
    void badEndpoints_areRefusedBeforeAnyRequest() {
        assertThat(runRaw("--endpoint", "ftp://example.com", "topics", "list").err()).contains("must start with http:// or https://");
        Result noHost = runRaw("--endpoint", "http://", "topics", "list");
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(noHost.err()).startsWith("Invalid value for option '--endpoint': 'http://'");
        assertThat(runRaw("--endpoint", "http:/x", "topics", "list").err()).contains("has no host");
        assertThat(runRaw("--endpoint", "http://h:8080/?x=1", "topics", "list").err()).contains("query");
        assertThat(runRaw("--endpoint", "", "topics", "list").err()).contains("empty");
        assertThat(runRaw("--endpoint", "http://exa mple", "topics", "list").err()).contains("is not a URL");
    }

    @Test
    void unreachableEndpoint_saysSo() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = runRaw("--endpoint", "http://127.0.0.1:" + port, "topics", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach the service at http://127.0.0.1:" + port);
    }

    @Test
    void endpoint_defaultsToTheEnvironmentVariable_elseLocalhost() {
        String shown = runRaw("topics", "list", "--help").out().replaceAll("\\s+", " ");
        String env = System.getenv("TRIBUTARY_ENDPOINT");
        assertThat(shown).contains("now " + (env == null ? "http://localhost:8080" : env));
        assertThat(Endpoint.parse("https://api.example.com/prod").toString()).isEqualTo("https://api.example.com/prod");
    }

    @Test
    void completionScript_coversTheSubcommands() {
        Result r = runRaw("generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F").contains("reset-offsets").contains("grow");
    }

    @Test
    void badFormat_isAUsageError() {
        Result r = run("consume", "--topic", "anything", "--format", "%k %q");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown field '%q'");
    }
}
