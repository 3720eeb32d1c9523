package dev.tributary.core.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP API's paths, in one place for the service and the clients. The {@code *_ROUTE}
 * constants are the service's route templates (compile-time constants, usable in route
 * annotations); the methods build the same paths for clients, encoding names as path
 * segments. Stateless.
 */
public final class ApiPaths {
    public static final String V1 = "/v1";
    public static final String TOPICS = V1 + "/topics";
    public static final String GROUPS = V1 + "/groups";
    public static final String PRODUCERS = V1 + "/producers";
    public static final String ACLS = V1 + "/acls";
    public static final String API_KEYS = V1 + "/api-keys";
    public static final String QUOTAS = V1 + "/quotas";
    public static final String MAINTENANCE = V1 + "/maintenance";
    public static final String STATS = V1 + "/stats";
    public static final String OPENAPI = "/openapi.yml";

    public static final String TOPIC_ROUTE = TOPICS + "/{topic}";
    public static final String TOPIC_PARTITIONS_ROUTE = TOPIC_ROUTE + "/partitions";
    public static final String RECORDS_ROUTE = TOPIC_ROUTE + "/records";
    public static final String PARTITION_ROUTE = TOPIC_PARTITIONS_ROUTE + "/{partition}";
    public static final String FETCH_ROUTE = PARTITION_ROUTE + "/records";
    public static final String OFFSET_LOOKUP_ROUTE = PARTITION_ROUTE + "/offsets";
    public static final String SEGMENTS_ROUTE = PARTITION_ROUTE + "/segments";
    public static final String DELETE_RECORDS_ROUTE = PARTITION_ROUTE + "/delete-records";
    public static final String GROUP_ROUTE = GROUPS + "/{group}";
    public static final String HEARTBEAT_ROUTE = GROUP_ROUTE + "/heartbeat";
    public static final String GROUP_OFFSETS_ROUTE = GROUP_ROUTE + "/offsets";
    public static final String API_KEY_ROUTE = API_KEYS + "/{keyId}";
    public static final String QUOTA_ROUTE = QUOTAS + "/{principal}";

    private ApiPaths() {
    }

    /** A path segment made safe for a URL. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String topic(String topic) {
        return TOPICS + "/" + segment(topic);
    }

    public static String topicPartitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public static String records(String topic) {
        return topic(topic) + "/records";
    }

    public static String partition(String topic, int partition) {
        return topicPartitions(topic) + "/" + partition;
    }

    /** The JSON fetch path, without its query. */
    public static String fetch(String topic, int partition) {
        return partition(topic, partition) + "/records";
    }

    /** The offset lookup path, without its query. */
    public static String offsetLookup(String topic, int partition) {
        return partition(topic, partition) + "/offsets";
    }

    /** The direct-read (segment ranges) path, without its query. */
    public static String segments(String topic, int partition) {
        return partition(topic, partition) + "/segments";
    }

    public static String deleteRecords(String topic, int partition) {
        return partition(topic, partition) + "/delete-records";
    }

    public static String group(String group) {
        return GROUPS + "/" + segment(group);
    }

    public static String groupOffsets(String group) {
        return group(group) + "/offsets";
    }

    public static String heartbeat(String group) {
        return group(group) + "/heartbeat";
    }
}
