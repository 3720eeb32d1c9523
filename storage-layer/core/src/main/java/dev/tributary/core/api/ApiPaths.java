package dev.tributary.core.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP API's paths, in one place for the service and the clients; names are encoded
 * as path segments. The constants are compile-time constants, usable in route annotations.
 * Stateless.
 */
public final class ApiPaths {
    public static final String V1 = "/v1";
    public static final String TOPICS = V1 + "/topics";
    public static final String GROUPS = V1 + "/groups";
    public static final String PRODUCERS = V1 + "/producers";
    public static final String OPENAPI = "/openapi.yml";

    private ApiPaths() {
    }

    /** A path segment made safe for a URL. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String topic(String topic) {
        return TOPICS + "/" + segment(topic);
    }

    public static String records(String topic) {
        return topic(topic) + "/records";
    }

    public static String partition(String topic, int partition) {
        return topic(topic) + "/partitions/" + partition;
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
