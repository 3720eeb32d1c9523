package dev.tributary.functions.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * Local mode: the whole service in one process. Starts the HTTP API (port 8080 unless
 * {@code micronaut.server.port} says otherwise) on the embedded stack, keeping data under
 * {@code tributary.storage.data-dir} (default {@code ./tributary-data}) across restarts.
 */
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(String[] args) {
        ApplicationContext context = Micronaut.build(args)
                .mainClass(LocalMain.class)
                .environments("local")
                .start();
        int port = context.getBean(EmbeddedServer.class).getPort();
        String host = context.getProperty("micronaut.server.host", String.class).orElse("localhost");
        System.out.println("Tributary is listening on http://" + host + ":" + port + " without authentication (data in "
                + java.nio.file.Path.of(context.getProperty("tributary.storage.data-dir", String.class).orElse(""))
                        .toAbsolutePath() + "). Stop with Ctrl-C.");
    }
}
