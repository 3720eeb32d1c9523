package dev.tributary.functions.security;

import dev.tributary.core.TopicNames;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.AclStore;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One ACL: {@code principal} may (ALLOW) or may not (DENY) perform {@code operation} on the
 * resources named {@code resourceName} exactly (LITERAL; {@code *} is every resource of the
 * type) or starting with it (PREFIXED). {@code User:*} is every principal. Validated on
 * construction through {@link #of}. Immutable.
 */
public record AclBinding(String principal, ResourceType resourceType, String resourceName, PatternType patternType,
                         AclOperation operation, Permission permission) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public enum PatternType { LITERAL, PREFIXED }

    public enum Permission { ALLOW, DENY }

    /**
     * A binding from request fields, every one required.
     *
     * @throws ApiException INVALID_REQUEST naming the first bad field
     */
    public static AclBinding of(String principal, String resourceType, String resourceName, String patternType,
                                String operation, String permission) {
        Principal p = Principal.parse(required("principal", principal));
        ResourceType type = parse(ResourceType.class, "resourceType", resourceType);
        PatternType pattern = parse(PatternType.class, "patternType", patternType);
        AclOperation op = parse(AclOperation.class, "operation", operation);
        Permission perm = parse(Permission.class, "permission", permission);
        String name = required("resourceName", resourceName);
        if (!type.operations().contains(op)) {
            throw invalid("Operation " + op + " does not apply to " + type + " resources; use one of " + type.operations() + ".");
        }
        if (type == ResourceType.CLUSTER) {
            if (!name.equals(ResourceType.CLUSTER_NAME) || pattern != PatternType.LITERAL) {
                throw invalid("The cluster resource is named '" + ResourceType.CLUSTER_NAME + "' (LITERAL).");
            }
        } else if (name.equals("*")) {
            if (pattern != PatternType.LITERAL) {
                throw invalid("'*' (every " + type.name().toLowerCase(Locale.ROOT) + ") is a LITERAL name; a PREFIXED "
                        + "pattern is a plain name prefix.");
            }
        } else if (!NAME.matcher(name).matches()) {
            throw invalid("'" + name + "' is not a valid " + type.name().toLowerCase(Locale.ROOT)
                    + " name or prefix: 1-249 characters of [a-zA-Z0-9._-].");
        } else if (type == ResourceType.TOPIC && pattern == PatternType.LITERAL) {
            TopicNames.validate(name);
        }
        return new AclBinding(p.toString(), type, name, pattern, op, perm);
    }

    static AclBinding fromEntry(AclStore.AclEntry e) {
        return of(e.principal(), e.resourceType(), e.resourceName(), e.patternType(), e.operation(), e.permission());
    }

    AclStore.AclEntry toEntry() {
        return new AclStore.AclEntry(principal, resourceType.name(), resourceName, patternType.name(), operation.name(),
                permission.name());
    }

    /** Whether this binding is about {@code name} of {@code type}. */
    boolean covers(ResourceType type, String name) {
        if (type != resourceType) {
            return false;
        }
        return switch (patternType) {
            case LITERAL -> resourceName.equals("*") || resourceName.equals(name);
            case PREFIXED -> name.startsWith(resourceName);
        };
    }

    boolean appliesTo(Principal p) {
        return principal.equals(p.toString()) || principal.equals(p.type() + ":*");
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid("'" + field + "' is required.");
        }
        return value;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        String v = required(field, value);
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(c.name());
            }
            throw invalid("'" + field + "' must be one of " + allowed + ", not '" + v + "'.");
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }
}
