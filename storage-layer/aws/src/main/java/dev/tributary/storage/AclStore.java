package dev.tributary.storage;

import java.util.List;

/**
 * Access-control entries, Kafka's model: principal x resource (type, name, pattern) x
 * operation x allow/deny. The store keeps them as given; meaning (matching, deny wins)
 * belongs to the authorizer. Thread-safe.
 */
public interface AclStore {
    /** Adds an entry; adding one that exists changes nothing. */
    void add(AclEntry entry);

    /** @return whether the entry existed */
    boolean remove(AclEntry entry);

    /** Every entry (strongly consistent). */
    List<AclEntry> list();

    /**
     * One entry, every field in Kafka's spelling: {@code principal} {@code User:alice} or
     * {@code User:*}; {@code resourceType} TOPIC, GROUP or CLUSTER; {@code patternType}
     * LITERAL or PREFIXED; {@code operation} e.g. READ; {@code permission} ALLOW or DENY.
     */
    record AclEntry(String principal, String resourceType, String resourceName, String patternType,
                    String operation, String permission) {
        /** The entry as one string, which is also its sort key. */
        public String canonical() {
            return String.join("|", resourceType, patternType, resourceName, principal, operation, permission);
        }
    }
}
