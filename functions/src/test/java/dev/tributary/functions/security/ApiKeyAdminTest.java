package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import dev.tributary.localstack.EmbeddedStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bootstrap command creates a key the service accepts, lists it, and revokes it. */
class ApiKeyAdminTest {
    private final Map<String, Object> storage = new HashMap<>(TestServer.properties(EmbeddedStack.shared()));

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ApiKeyAdmin.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), storage);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void createListRevoke() {
        String[] created = run("create", "User:bootstrap-admin");
        assertThat(created[0]).as(created[2]).isEqualTo("0");
        String key = created[1].lines().filter(l -> l.startsWith("apiKey ")).findFirst().orElseThrow().substring(7);
        String keyId = ApiKeys.keyId(key);

        SecuredServer secured = SecuredServer.shared();
        assertThat(secured.call("GET", "/v1/topics", key, null).status()).isEqualTo(200);
        assertThat(run("list")[1]).contains(keyId + "  User:bootstrap-admin");

        assertThat(run("revoke", keyId)[0]).isEqualTo("0");
        assertThat(run("revoke", keyId)[0]).isEqualTo("1");
        assertThat(run("create", "not-a-principal")[0]).isEqualTo("1");
        assertThat(run("frobnicate")[0]).isEqualTo("2");
    }
}
