package dev.tributary.functions.local;

import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.StorageSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the embedded stack (DynamoDB Local + s3proxy in this JVM) for local mode and
 * describes it as {@link StorageSettings}. Only loaded when {@code tributary.storage.mode}
 * is {@code embedded}, so deployments without the local emulators never touch it.
 */
public final class EmbeddedStorage {
    private EmbeddedStorage() {
    }

    /** A started stack and the settings that reach it; closing it stops the stack. */
    public record Started(StorageSettings settings, AutoCloseable stack) {
    }

    public static Started start(TributaryConfig.StorageConfig config) {
        String dataDir = config.getDataDir();
        EmbeddedStack stack = EmbeddedStack.builder()
                .dataDir(dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir).toAbsolutePath())
                .namePrefix(config.getNamePrefix())
                .build()
                .start();
        return new Started(settingsFor(stack, config.getMaxConnections()), stack);
    }

    /** Settings that point the storage layer at a running stack. */
    public static StorageSettings settingsFor(EmbeddedStack stack, int maxConnections) {
        return new StorageSettings(stack.region(), stack.namePrefix(), stack.bucket(), stack.s3Endpoint(),
                stack.dynamoDbEndpoint(), stack.accessKeyId(), stack.secretAccessKey(), true, maxConnections);
    }

    /**
     * Configuration properties ({@code tributary.storage.*}) that point another application
     * context at a running stack, e.g. a second instance in tests.
     */
    public static Map<String, Object> properties(EmbeddedStack stack) {
        Map<String, Object> p = endpointProperties(stack);
        p.put("tributary.storage.mode", "aws");
        p.put("tributary.storage.region", stack.region());
        p.put("tributary.storage.name-prefix", stack.namePrefix());
        p.put("tributary.storage.bucket", stack.bucket());
        return p;
    }

    /** Only the endpoint and credential properties of {@link #properties}: what differs from real AWS. */
    public static Map<String, Object> endpointProperties(EmbeddedStack stack) {
        Map<String, Object> p = new HashMap<>();
        p.put("tributary.storage.s3-endpoint", stack.s3Endpoint().toString());
        p.put("tributary.storage.dynamodb-endpoint", stack.dynamoDbEndpoint().toString());
        p.put("tributary.storage.access-key-id", stack.accessKeyId());
        p.put("tributary.storage.secret-access-key", stack.secretAccessKey());
        p.put("tributary.storage.path-style", true);
        return p;
    }
}
