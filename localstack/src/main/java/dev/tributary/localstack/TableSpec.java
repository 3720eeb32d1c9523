package dev.tributary.localstack;

import java.util.List;
import java.util.Objects;

/**
 * One DynamoDB table as declared in the deployment template, with its physical name
 * already resolved for a name prefix.
 *
 * <p>Immutable and thread-safe.
 *
 * @param logicalId the template's logical resource id, e.g. {@code TopicsTable}
 * @param tableName the physical table name, e.g. {@code tributary-topics}
 * @param keys the primary key: the HASH attribute first, then the RANGE attribute if any
 * @param globalSecondaryIndexes the global secondary indexes, possibly empty
 * @param ttlAttribute the time-to-live attribute, or {@code null} when TTL is not enabled
 */
public record TableSpec(
        String logicalId,
        String tableName,
        List<KeyAttribute> keys,
        List<SecondaryIndex> globalSecondaryIndexes,
        String ttlAttribute) {

    public TableSpec {
        Objects.requireNonNull(logicalId, "logicalId");
        Objects.requireNonNull(tableName, "tableName");
        keys = List.copyOf(keys);
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
        if (keys.isEmpty() || keys.get(0).role() != KeyRole.HASH) {
            throw new IllegalArgumentException(logicalId + ": the first key attribute must be the HASH key");
        }
    }

    /** The HASH (partition) key attribute. */
    public KeyAttribute hashKey() {
        return keys.get(0);
    }

    /** The RANGE (sort) key attribute, or {@code null} for a hash-only table. */
    public KeyAttribute rangeKey() {
        return keys.size() > 1 ? keys.get(1) : null;
    }

    /** Role of an attribute in a key schema. */
    public enum KeyRole { HASH, RANGE }

    /** Scalar type of a key attribute, as DynamoDB spells it. */
    public enum AttributeType { S, N, B }

    /**
     * One attribute of a key schema.
     *
     * @param name attribute name
     * @param type scalar type
     * @param role HASH or RANGE
     */
    public record KeyAttribute(String name, AttributeType type, KeyRole role) {
        public KeyAttribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(role, "role");
        }
    }

    /**
     * A global secondary index.
     *
     * @param indexName index name
     * @param keys the index key, HASH first
     * @param projectionType ALL, KEYS_ONLY or INCLUDE
     * @param nonKeyAttributes projected attributes when the projection is INCLUDE
     */
    public record SecondaryIndex(String indexName, List<KeyAttribute> keys, String projectionType,
                                 List<String> nonKeyAttributes) {
        public SecondaryIndex {
            Objects.requireNonNull(indexName, "indexName");
            keys = List.copyOf(keys);
            projectionType = projectionType == null ? "ALL" : projectionType;
            nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
        }
    }
}
