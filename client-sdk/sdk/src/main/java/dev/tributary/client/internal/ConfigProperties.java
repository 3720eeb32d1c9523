package dev.tributary.client.internal;

import dev.tributary.client.ClientConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Kafka-style property map ({@code linger.ms=5}): values may be strings or
 * numbers, as in Kafka. Remembers which keys were read so that unknown ones can be
 * reported. Bad values raise {@link IllegalArgumentException} naming the key. Not
 * thread-safe; one instance per map.
 */
public final class ConfigProperties {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigProperties.class);

    /** Kafka client keys that mean nothing here (no brokers, no Kafka wire security); accepted silently. */
    private static final Set<String> KAFKA_ONLY = Set.of("client.id", "security.protocol", "acks", "retries",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "client.dns.lookup",
            "connections.max.idle.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms", "metadata.max.age.ms",
            "send.buffer.bytes", "receive.buffer.bytes", "heartbeat.interval.ms", "group.instance.id",
            "group.protocol", "partition.assignment.strategy", "isolation.level", "check.crcs",
            "max.partition.fetch.bytes", "fetch.min.bytes", "interceptor.classes", "metric.reporters",
            "metrics.num.samples", "metrics.sample.window.ms", "metrics.recording.level", "auto.include.jmx.reporter",
            "allow.auto.create.topics", "exclude.internal.topics", "client.rack", "transaction.timeout.ms");

    private final Map<String, ?> props;
    private final Set<String> used = new HashSet<>();

    public ConfigProperties(Map<String, ?> props) {
        this.props = Map.copyOf(props);
    }

    public boolean has(String key) {
        used.add(key);
        return props.get(key) != null;
    }

    public String string(String key) {
        used.add(key);
        Object v = props.get(key);
        return v == null ? null : v.toString().trim();
    }

    public long longValue(String key) {
        String v = string(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "not a whole number");
        }
    }

    public int intValue(String key) {
        long v = longValue(key);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw invalid(key, Long.toString(v), "out of range");
        }
        return (int) v;
    }

    public boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw invalid(key, v, "expected true or false");
        }
        return Boolean.parseBoolean(v);
    }

    public Duration millis(String key) {
        return Duration.ofMillis(longValue(key));
    }

    /**
     * The endpoint from {@code endpoint}, else from {@code bootstrap.servers}: its first
     * entry, with {@code http://} added when it has no scheme.
     */
    public URI endpoint() {
        String v = has("endpoint") ? string("endpoint") : string("bootstrap.servers");
        if (v == null) {
            return null;
        }
        String first = v.split(",")[0].trim();
        try {
            return URI.create(first.contains("://") ? first : "http://" + first);
        } catch (IllegalArgumentException e) {
            throw invalid(has("endpoint") ? "endpoint" : "bootstrap.servers", v, "not a URL");
        }
    }

    /** @throws IllegalArgumentException with {@code message} unless {@code ok} */
    public static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Reads the keys every client shares into {@code b}: the endpoint, request timeout and retry backoff. */
    public ClientConfig.Builder readClient(ClientConfig.Builder b) {
        b.endpoint(endpoint());
        if (has("request.timeout.ms")) {
            b.requestTimeout(millis("request.timeout.ms"));
        }
        if (has("retry.backoff.ms")) {
            b.retryBackoff(millis("retry.backoff.ms"));
        }
        if (has("retry.backoff.max.ms")) {
            b.retryBackoffMax(millis("retry.backoff.max.ms"));
        }
        return b;
    }

    public static IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("Invalid value '" + value + "' for " + key + ": " + why);
    }

    /** Logs keys that were neither read nor known Kafka-only keys, as Kafka logs unused configuration. */
    public void warnUnknown() {
        Set<String> unknown = new TreeSet<>(props.keySet());
        unknown.removeAll(used);
        unknown.removeAll(KAFKA_ONLY);
        unknown.removeIf(k -> k.startsWith("ssl.") || k.startsWith("sasl."));
        if (!unknown.isEmpty()) {
            LOG.warn("These configurations were supplied but are not known to Tributary and are ignored: {}", unknown);
        }
    }
}
