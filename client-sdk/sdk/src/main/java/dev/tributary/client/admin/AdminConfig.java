package dev.tributary.client.admin;

import dev.tributary.client.ClientConfig;
import dev.tributary.client.internal.ConfigProperties;
import java.util.Map;

/**
 * The admin client's settings: the shared {@link ClientConfig}. Immutable and
 * thread-safe; {@link Builder#build()} rejects bad values.
 */
public final class AdminConfig {
    private final ClientConfig client;

    private AdminConfig(ClientConfig client) {
        this.client = client;
    }

    public static Builder builder() {
        return new Builder(ClientConfig.builder());
    }

    public Builder toBuilder() {
        return new Builder(client.toBuilder());
    }

    /**
     * Settings from Kafka admin properties: {@code bootstrap.servers} (the endpoint),
     * {@code request.timeout.ms}, {@code retry.backoff.ms}; unknown keys are logged.
     *
     * @throws IllegalArgumentException for a bad value, naming its key
     */
    public static AdminConfig fromProperties(Map<String, ?> properties) {
        ConfigProperties p = new ConfigProperties(properties);
        Builder b = new Builder(p.readClient(ClientConfig.builder()));
        p.warnUnknown();
        return b.build();
    }

    public ClientConfig client() {
        return client;
    }

    /** Builds an {@link AdminConfig}. Not thread-safe. */
    public static final class Builder extends ClientConfig.SettingsBuilder<Builder> {

        private Builder(ClientConfig.Builder client) {
            super(client);
        }

        /** @throws IllegalArgumentException for a missing endpoint or a non-positive timeout */
        public AdminConfig build() {
            return new AdminConfig(buildClient());
        }
    }
}
