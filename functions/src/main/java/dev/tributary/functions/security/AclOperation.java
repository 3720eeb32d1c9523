package dev.tributary.functions.security;

/**
 * Kafka's ACL operations. As in Kafka, an allowed READ, WRITE, DELETE or ALTER also allows
 * DESCRIBE, and ALTER_CONFIGS allows DESCRIBE_CONFIGS; ALL stands for every operation.
 */
public enum AclOperation {
    ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE;

    /** Whether an ACL granting {@code this} allows {@code requested}. */
    boolean allows(AclOperation requested) {
        if (this == ALL || this == requested) {
            return true;
        }
        if (requested == DESCRIBE) {
            return this == READ || this == WRITE || this == DELETE || this == ALTER;
        }
        return requested == DESCRIBE_CONFIGS && this == ALTER_CONFIGS;
    }

    /** Whether an ACL denying {@code this} denies {@code requested} (no implication for deny, as in Kafka). */
    boolean denies(AclOperation requested) {
        return this == ALL || this == requested;
    }
}
