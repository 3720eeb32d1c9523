package dev.tributary.client.admin;

import java.util.Locale;
import java.util.Objects;

/**
 * One access-control entry, in Kafka's model: {@code principal} ({@code User:alice}, or
 * {@code User:*} for everyone) may ({@code ALLOW}) or may not ({@code DENY}) perform
 * {@code operation} ({@code READ}, {@code WRITE}, {@code CREATE}, {@code DELETE},
 * {@code ALTER}, {@code DESCRIBE}, {@code DESCRIBE_CONFIGS}, {@code ALTER_CONFIGS},
 * {@code IDEMPOTENT_WRITE} or {@code ALL}) on resources of {@code resourceType}
 * ({@code TOPIC}, {@code GROUP}, {@code CLUSTER}) named exactly {@code resourceName}
 * ({@code LITERAL}; {@code *} is all) or starting with it ({@code PREFIXED}). A DENY wins
 * over any ALLOW. The service validates the values. Immutable.
 */
public record AclBinding(String principal, String resourceType, String resourceName, String patternType,
                         String operation, String permission) {
    public AclBinding {
        Objects.requireNonNull(principal, "principal");
        resourceType = upper(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        patternType = upper(patternType, "patternType");
        operation = upper(operation, "operation");
        permission = upper(permission, "permission");
    }

    /** ALLOW {@code operation} on the topic named exactly {@code topic}. */
    public static AclBinding allowTopic(String principal, String topic, String operation) {
        return new AclBinding(principal, "TOPIC", topic, "LITERAL", operation, "ALLOW");
    }

    private static String upper(String value, String name) {
        return Objects.requireNonNull(value, name).toUpperCase(Locale.ROOT);
    }
}
