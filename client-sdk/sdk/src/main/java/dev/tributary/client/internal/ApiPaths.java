package dev.tributary.client.internal;

import dev.tributary.client.TopicPartition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The HTTP API's paths, in one place; names are encoded as path segments. Stateless. */
public final class ApiPaths {
    public static final String TOPICS = "/v1/topics";
    public static final String GROUPS = "/v1/groups";
    public static final String PRODUCERS = "/v1/producers";

    private ApiPaths() {
    }

    /** A path segment made safe for a URL. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String topic(String topic) {
        return TOPICS + "/" + segment(topic);
    }

    public static String partition(TopicPartition tp) {
        return topic(tp.topic()) + "/partitions/" + tp.partition();
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
