package dev.tributary.client.admin;

import dev.tributary.client.ClientConfig;
import dev.tributary.client.Credentials;
import dev.tributary.client.internal.ConfigProperties;
import java.net.URI;
import java.time.Duration;
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
    public static final class Builder {
        private ClientConfig.Builder client;

        private Builder(ClientConfig.Builder client) {
            this.client = client;
        }

        /** Replaces the shared settings. */
        public Builder client(ClientConfig config) {
            this.client = config.toBuilder();
            return this;
        }

        /** The service's base URL. Required. */
        public Builder endpoint(URI endpoint) {
            client.endpoint(endpoint);
            return this;
        }

        public Builder credentials(Credentials credentials) {
            client.credentials(credentials);
            return this;
        }

        /** How long one request may take. Default 30 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            client.requestTimeout(requestTimeout);
            return this;
        }

        /** @throws IllegalArgumentException for a missing endpoint or a non-positive timeout */
        public AdminConfig build() {
            return new AdminConfig(client.build());
        }
    }
}
