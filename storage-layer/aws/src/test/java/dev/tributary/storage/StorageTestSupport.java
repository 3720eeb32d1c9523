package dev.tributary.storage;

import dev.tributary.localstack.EmbeddedStack;
import java.time.Clock;

/** One {@link Storage} per test JVM on the shared embedded stack (real DynamoDB Local and s3proxy). */
final class StorageTestSupport {
    private static Storage storage;

    private StorageTestSupport() {
    }

    static synchronized Storage storage() {
        if (storage == null) {
            storage = new Storage(settings(EmbeddedStack.shared()), Clock.systemUTC());
        }
        return storage;
    }

    static StorageSettings settings(EmbeddedStack stack) {
        return new StorageSettings(stack.region(), stack.namePrefix(), stack.bucket(), stack.s3Endpoint(),
                stack.dynamoDbEndpoint(), stack.accessKeyId(), stack.secretAccessKey(), true, 64);
    }
}
