package dev.tributary.storage;

/**
 * Physical table names, derived from a name prefix exactly as the deployment template
 * names them ({@code ${NamePrefix}-topics}, ...). Keys and attribute names are constants
 * here and checked against the template by a test.
 */
public record DynamoDbTables(String topics, String partitions, String batches, String segments,
                             String producers, String leases, String groups, String log, String security) {

    public static DynamoDbTables withPrefix(String prefix) {
        return new DynamoDbTables(prefix + "-topics", prefix + "-partitions", prefix + "-batches",
                prefix + "-segments", prefix + "-producers", prefix + "-leases", prefix + "-groups",
                prefix + "-log", prefix + "-security");
    }

    // Key attributes (must match infra/template.yaml).
    public static final String TOPICS_PK = "name";
    public static final String PARTITIONS_PK = "topicId";
    public static final String PARTITIONS_SK = "partition";
    public static final String BATCHES_PK = "tp";
    public static final String BATCHES_SK = "baseOffset";
    public static final String SEGMENTS_PK = "segmentKey";
    public static final String PRODUCERS_PK = "pk";
    public static final String PRODUCERS_SK = "sk";
    public static final String LEASES_PK = "name";
    public static final String GROUPS_PK = "group";
    public static final String GROUPS_SK = "sk";
    public static final String LOG_PK = "shard";
    public static final String LOG_SK = "seq";
    public static final String SECURITY_PK = "pk";
    public static final String SECURITY_SK = "sk";

    /** The batch-index partition key of a topic partition. */
    public static String tp(java.util.UUID topicId, int partition) {
        return topicId + "#" + partition;
    }
}
