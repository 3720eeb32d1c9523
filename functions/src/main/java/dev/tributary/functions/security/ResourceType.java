package dev.tributary.functions.security;

import java.util.EnumSet;
import java.util.Set;

/** What an ACL protects (Kafka's resource types), with the operations that apply to each. */
public enum ResourceType {
    TOPIC(EnumSet.of(AclOperation.ALL, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE,
            AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS)),
    GROUP(EnumSet.of(AclOperation.ALL, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE)),
    CLUSTER(EnumSet.of(AclOperation.ALL, AclOperation.CREATE, AclOperation.ALTER, AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE));

    /** The one cluster resource's name, as in Kafka. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    private final Set<AclOperation> operations;

    ResourceType(Set<AclOperation> operations) {
        this.operations = operations;
    }

    public Set<AclOperation> operations() {
        return operations;
    }
}
