package dev.tributary.functions.local;

import io.micronaut.runtime.Micronaut;

/**
 * Local mode: the whole service in one process. Starts the HTTP API (port 8080 unless
 * {@code micronaut.server.port} says otherwise) on the embedded stack, keeping data under
 * {@code tributary.storage.data-dir} (default {@code ./tributary-data}) across restarts.
 */
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(LocalMain.class)
                .environments("local")
                .start();
    }
}
