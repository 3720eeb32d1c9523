package dev.tributary.functions.security;

import dev.tributary.storage.ApiKeyStore;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.util.Map;

/**
 * The administrator's command for API keys, run with the service's configuration and AWS
 * credentials that reach its security table (no HTTP, so it also creates the very first
 * key, for a super user):
 * <pre>
 * java -cp tributary-lambda.jar dev.tributary.functions.security.ApiKeyAdmin create User:admin
 * ... ApiKeyAdmin list
 * ... ApiKeyAdmin revoke 0123456789abcdef
 * </pre>
 * Settings come from {@code -D} properties or environment variables as for the service
 * ({@code -Dtributary.storage.name-prefix=...}).
 */
public final class ApiKeyAdmin {
    private ApiKeyAdmin() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Map.of()));
    }

    /** Runs one command against the storage {@code properties} configure; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, Object> properties) {
        if (args.length < 1 || !(args[0].equals("list") && args.length == 1 || args.length == 2
                && (args[0].equals("create") || args[0].equals("revoke")))) {
            err.println("usage: ApiKeyAdmin create <type:name> | list | revoke <keyId>");
            return 2;
        }
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
            switch (args[0]) {
                case "create" -> {
                    String key = context.getBean(ApiKeys.class).create(Principal.parse(args[1]));
                    out.println("keyId  " + ApiKeys.keyId(key));
                    out.println("apiKey " + key);
                    out.println("The key is shown only now; it is stored as a hash.");
                }
                case "list" -> {
                    for (ApiKeyStore.ApiKeyInfo k : context.getBean(ApiKeyStore.class).list()) {
                        out.println(k.keyId() + "  " + k.principal());
                    }
                }
                default -> {
                    if (!context.getBean(ApiKeys.class).revoke(args[1])) {
                        err.println("No API key has id " + args[1]);
                        return 1;
                    }
                    out.println("Revoked " + args[1]);
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
