package dev.tributary.functions.http;

/**
 * Example request bodies for the generated OpenAPI document ({@code @ExampleObject} values).
 * {@code OpenApiDocumentTest} sends each of them to the running service, in this order of
 * operations, and expects it to be accepted: the topic example creates {@code orders-example}
 * with 3 partitions, which the later examples use.
 */
public final class ApiExamples {
    public static final String CREATE_TOPIC = """
            {"name": "orders-example", "partitions": 3, "config": {"retention.ms": 604800000, "cleanup.policy": "delete"}}""";
    public static final String ALTER_TOPIC_CONFIG = """
            {"config": {"retention.ms": 86400000}}""";
    public static final String CREATE_PARTITIONS = """
            {"count": 4}""";
    public static final String PRODUCE = """
            {"records": [{"key": "customer-42", "value": "{\\"total\\": 99}", "headers": {"source": "web"}},
                         {"key": null, "value": "no key", "partition": 1}]}""";
    public static final String COMMIT_OFFSETS = """
            {"offsets": [{"topic": "orders-example", "partition": 1, "offset": 1, "metadata": "processed by billing"}]}""";
    public static final String HEARTBEAT_JOIN = """
            {"memberId": "example-member", "memberEpoch": 0, "topics": ["orders-example"],
             "sessionTimeoutMs": 45000, "rebalanceTimeoutMs": 60000}""";

    private ApiExamples() {
    }
}
