package dev.tributary.client;

import dev.tributary.client.internal.ConfigProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings every client shares: where the service is, who the client is, how long a
 * request may take and how retries back off (AWS SDK v2 {@code ClientConfiguration}).
 * Immutable and thread-safe; create with {@link #builder()}, change with
 * {@link #toBuilder()}; {@link Builder#build()} rejects bad values.
 */
public final class ClientConfig {
    private final URI endpoint;
    private final Credentials credentials;
    private final Duration requestTimeout;
    private final Duration retryBackoff;
    private final Duration retryBackoffMax;

    private ClientConfig(Builder b) {
        this.endpoint = b.endpoint;
        this.credentials = b.credentials;
        this.requestTimeout = b.requestTimeout;
        this.retryBackoff = b.retryBackoff;
        this.retryBackoffMax = b.retryBackoffMax.compareTo(b.retryBackoff) < 0 ? b.retryBackoff : b.retryBackoffMax;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.credentials = credentials;
        b.requestTimeout = requestTimeout;
        b.retryBackoff = retryBackoff;
        b.retryBackoffMax = retryBackoffMax;
        return b;
    }

    /** The service's base URL, e.g. {@code http://localhost:8080}. */
    public URI endpoint() {
        return endpoint;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** How long one HTTP request may take. Default 30 s ({@code request.timeout.ms}). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** First wait before a retry ({@code retry.backoff.ms}). Default 100 ms. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** Longest wait between retries ({@code retry.backoff.max.ms}). Default 1 s. */
    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    /** The shared settings of a Kafka-style map ({@code bootstrap.servers} becomes the endpoint). */
    public static ClientConfig fromProperties(Map<String, ?> properties) {
        ConfigProperties p = new ConfigProperties(properties);
        Builder b = p.readClient(builder());
        p.warnUnknown();
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientConfig c && Objects.equals(endpoint, c.endpoint)
                && credentials.equals(c.credentials) && requestTimeout.equals(c.requestTimeout)
                && retryBackoff.equals(c.retryBackoff) && retryBackoffMax.equals(c.retryBackoffMax);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, requestTimeout, retryBackoff, retryBackoffMax);
    }

    @Override
    public String toString() {
        return "ClientConfig(endpoint=" + endpoint + ", requestTimeout=" + requestTimeout + ", retryBackoff="
                + retryBackoff + ", retryBackoffMax=" + retryBackoffMax + ")";
    }

    /** Builds a {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private URI endpoint;
        private Credentials credentials = Credentials.none();
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration retryBackoffMax = Duration.ofSeconds(1);

        private Builder() {
        }

        /** The service's base URL. Required. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = retryBackoff;
            return this;
        }

        public Builder retryBackoffMax(Duration retryBackoffMax) {
            this.retryBackoffMax = retryBackoffMax;
            return this;
        }

        /** @throws IllegalArgumentException for a missing endpoint or an out-of-range time */
        public ClientConfig build() {
            ConfigProperties.check(endpoint != null && endpoint.isAbsolute(), "endpoint must be an absolute URL, got " + endpoint);
            ConfigProperties.check(credentials != null, "credentials must not be null (use Credentials.none())");
            ConfigProperties.check(requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero(),
                    "requestTimeout must be > 0");
            ConfigProperties.check(retryBackoff != null && !retryBackoff.isNegative(), "retryBackoff must be >= 0");
            ConfigProperties.check(retryBackoffMax != null && !retryBackoffMax.isNegative(), "retryBackoffMax must be >= 0");
            return new ClientConfig(this);
        }
    }

    /**
     * The shared settings' part of every client configuration builder, so that each one
     * offers {@code endpoint}, {@code credentials}, {@code requestTimeout} and
     * {@code retryBackoff} directly (AWS SDK v2 style). Not thread-safe.
     *
     * @param <B> the concrete builder, returned for chaining
     */
    public abstract static class SettingsBuilder<B extends SettingsBuilder<B>> {
        private Builder client;

        protected SettingsBuilder(Builder client) {
            this.client = client;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Replaces the shared settings. */
        public B client(ClientConfig config) {
            this.client = config.toBuilder();
            return self();
        }

        /** The service's base URL, e.g. {@code http://localhost:8080}. Required. */
        public B endpoint(URI endpoint) {
            client.endpoint(endpoint);
            return self();
        }

        /** Who the client is. Default {@link Credentials#none()}. */
        public B credentials(Credentials credentials) {
            client.credentials(credentials);
            return self();
        }

        /** How long one HTTP request may take. Default 30 s. */
        public B requestTimeout(Duration requestTimeout) {
            client.requestTimeout(requestTimeout);
            return self();
        }

        /** First wait before a retry. Default 100 ms. */
        public B retryBackoff(Duration retryBackoff) {
            client.retryBackoff(retryBackoff);
            return self();
        }

        /** The shared settings, validated. */
        protected ClientConfig buildClient() {
            return client.build();
        }
    }
}
