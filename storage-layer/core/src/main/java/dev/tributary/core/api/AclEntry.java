package dev.tributary.core.api;

/**
 * One ACL entry, the body of {@code POST /v1/acls} and an element of its list:
 * {@code {"principal": "User:alice", "resourceType": "TOPIC", "resourceName": "orders",
 * "patternType": "LITERAL", "operation": "READ", "permission": "ALLOW"}}. The service
 * checks each field's value.
 */
public record AclEntry(String principal, String resourceType, String resourceName, String patternType,
                       String operation, String permission) {
}
