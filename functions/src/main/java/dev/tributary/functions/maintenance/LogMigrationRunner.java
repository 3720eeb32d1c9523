package dev.tributary.functions.maintenance;

import dev.tributary.storage.Storage;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/**
 * Converts data of the first storage model into the shard logs: when a server (local mode, a
 * container) starts, and on every scheduled maintenance run on AWS, until a completion marker
 * exists (then each call costs one read). Writers never need it to have run: a committer
 * migrates a shard with old data before it first writes there. Thread-safe.
 */
@Singleton
public class LogMigrationRunner {
    private final Storage storage;

    public LogMigrationRunner(Storage storage) {
        this.storage = storage;
    }

    @EventListener
    void onServerStart(ServerStartupEvent event) {
        migrateIfNeeded();
    }

    /** Runs the migration unless a complete one is recorded. */
    public synchronized void migrateIfNeeded() {
        if (!storage.migration().complete()) {
            storage.migration().migrateAll();
        }
    }
}
