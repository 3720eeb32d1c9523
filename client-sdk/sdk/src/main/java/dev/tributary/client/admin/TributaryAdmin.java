package dev.tributary.client.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.core.error.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@link Admin} over the service's HTTP API. Thread-safe; create it with
 * {@link #builder()}.
 */
public final class TributaryAdmin implements Admin {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

    private final URI endpoint;
    private final Duration requestTimeout;
    private final ServiceClient service;

    private TributaryAdmin(URI endpoint, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.service = new ServiceClient(endpoint, requestTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().endpoint(endpoint).requestTimeout(requestTimeout);
    }

    @Override
    public TopicDescription createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    @Override
    public TopicDescription createTopic(String name, int partitions, Map<String, String> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", Objects.requireNonNull(name, "name"));
        body.put("partitions", partitions);
        if (config != null && !config.isEmpty()) {
            body.put("config", jsonConfig(config));
        }
        return toDescription(service.sendJson("POST", "/v1/topics", body));
    }

    @Override
    public List<TopicListing> listTopics() {
        JsonNode body = service.sendJson("GET", "/v1/topics", null);
        List<TopicListing> out = new ArrayList<>();
        for (JsonNode t : body.path("topics")) {
            JsonNode p = t.path("partitions");
            out.add(new TopicListing(t.path("name").asText(), p.isArray() ? p.size() : p.asInt()));
        }
        return out;
    }

    @Override
    public TopicDescription describeTopic(String name) {
        return toDescription(service.sendJson("GET", topicPath(name), null));
    }

    @Override
    public void deleteTopic(String name) {
        service.sendJson("DELETE", topicPath(name), null);
    }

    @Override
    public TopicDescription createPartitions(String name, int count) {
        JsonNode body = service.sendJson("POST", topicPath(name) + "/partitions", Map.of("count", count));
        return body != null && body.has("partitions") && body.get("partitions").isArray()
                ? toDescription(body) : describeTopic(name);
    }

    @Override
    public TopicDescription alterConfig(String name, Map<String, String> config) {
        JsonNode body = service.sendJson("PATCH", topicPath(name), Map.of("config", jsonConfig(config)));
        return body != null && body.has("partitions") && body.get("partitions").isArray()
                ? toDescription(body) : describeTopic(name);
    }

    @Override
    public OffsetAndTimestamp listOffsets(TopicPartition partition, OffsetSpec spec) {
        return toOffset(ServiceClient.await(offsetAsync(partition, spec)));
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        specs.forEach((tp, spec) -> pending.put(tp, offsetAsync(tp, spec)));
        Map<TopicPartition, OffsetAndTimestamp> out = new LinkedHashMap<>();
        pending.forEach((tp, f) -> out.put(tp, toOffset(ServiceClient.await(f))));
        return out;
    }

    @Override
    public Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        beforeOffsets.forEach((tp, before) -> {
            JsonNode body = service.sendJson("POST", topicPath(tp.topic()) + "/partitions/" + tp.partition()
                    + "/delete-records", Map.of("beforeOffset", Objects.requireNonNull(before, "beforeOffset")));
            out.put(tp, body.path("earliestOffset").asLong());
        });
        return out;
    }

    private CompletableFuture<JsonNode> offsetAsync(TopicPartition tp, OffsetSpec spec) {
        return service.sendJsonAsync("GET", topicPath(tp.topic()) + "/partitions/" + tp.partition()
                + "/offsets?at=" + spec.query(), null);
    }

    private static OffsetAndTimestamp toOffset(JsonNode body) {
        JsonNode offset = body.path("offset");
        JsonNode ts = body.path("timestamp");
        return new OffsetAndTimestamp(offset.isNumber() ? offset.asLong() : -1, ts.isNumber() ? ts.asLong() : -1);
    }

    @Override
    public List<String> listGroups() {
        JsonNode body = groups(() -> service.sendJson("GET", "/v1/groups", null));
        List<String> out = new ArrayList<>();
        for (JsonNode g : body.path("groups")) {
            out.add(g.isTextual() ? g.asText() : g.path(g.has("groupId") ? "groupId" : g.has("group") ? "group" : "name").asText());
        }
        return out;
    }

    @Override
    public GroupDescription describeGroup(String groupId) {
        String path = "/v1/groups/" + ServiceClient.segment(groupId);
        JsonNode body = groups(() -> service.sendJson("GET", path, null));
        JsonNode offsets = body.has("offsets") ? body : groups(() -> service.sendJson("GET", path + "/offsets", null));
        List<MemberDescription> members = new ArrayList<>();
        for (JsonNode m : body.path("members")) {
            List<String> topics = new ArrayList<>();
            m.path("topics").forEach(t -> topics.add(t.asText()));
            members.add(new MemberDescription(m.path("memberId").asText(), m.path("memberEpoch").asInt(), topics,
                    partitions(m.path("ownedPartitions")), partitions(m.path("pendingRevocation"))));
        }
        return new GroupDescription(groupId, body.path("state").asText(""), members, toOffsets(offsets),
                body.toPrettyString());
    }

    @Override
    public List<GroupOffset> listGroupOffsets(String groupId) {
        String path = "/v1/groups/" + ServiceClient.segment(groupId) + "/offsets";
        return toOffsets(groups(() -> service.sendJson("GET", path, null)));
    }

    private static List<GroupOffset> toOffsets(JsonNode body) {
        List<GroupOffset> list = new ArrayList<>();
        for (JsonNode o : body.path("offsets")) {
            list.add(new GroupOffset(o.path("topic").asText(), o.path("partition").asInt(), o.path("offset").asLong(),
                    o.path("metadata").asText(""), o.path("logEndOffset").asLong(-1), o.path("lag").asLong(-1)));
        }
        return list;
    }

    private static List<TopicPartition> partitions(JsonNode list) {
        List<TopicPartition> out = new ArrayList<>();
        for (JsonNode t : list) {
            for (JsonNode p : t.path("partitions")) {
                out.add(new TopicPartition(t.path("topic").asText(), p.asInt()));
            }
        }
        return out;
    }

    /** Runs a group call, turning "no such route" into a clear message while the service lacks groups. */
    private JsonNode groups(java.util.function.Supplier<JsonNode> call) {
        try {
            JsonNode body = call.get();
            return body == null ? ServiceClient.mapper().createObjectNode() : body;
        } catch (TributaryException e) {
            if (e.errorCode() == ErrorCode.NOT_FOUND || e.errorCode() == ErrorCode.METHOD_NOT_ALLOWED) {
                throw new TributaryException(ErrorCode.NOT_FOUND,
                        "Consumer groups are not available on this service yet (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    private static String topicPath(String name) {
        return "/v1/topics/" + ServiceClient.segment(Objects.requireNonNull(name, "name"));
    }

    /** Whole numbers go out as JSON numbers, everything else as text, as the service documents its keys. */
    private static Map<String, Object> jsonConfig(Map<String, String> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, v != null && WHOLE_NUMBER.matcher(v).matches() ? (Object) Long.parseLong(v) : v));
        return out;
    }

    static TopicDescription toDescription(JsonNode body) {
        List<PartitionInfo> partitions = new ArrayList<>();
        for (JsonNode p : body.path("partitions")) {
            partitions.add(new PartitionInfo(p.path("partition").asInt(), p.path("earliestOffset").asLong(),
                    p.path("latestOffset").asLong()));
        }
        Map<String, String> config = new LinkedHashMap<>();
        body.path("config").fields().forEachRemaining(e -> config.put(e.getKey(),
                e.getValue().isNull() ? "" : e.getValue().asText()));
        return new TopicDescription(body.path("name").asText(), body.path("topicId").asText(null), partitions, config);
    }

    @Override
    public void close() {
        service.close();
    }

    /** Builds a {@link TributaryAdmin}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private URI endpoint;
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The service's base URL. Required. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** How long one request may take. Default 30 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** @throws IllegalArgumentException for a missing endpoint or a non-positive timeout */
        public TributaryAdmin build() {
            if (endpoint == null || !endpoint.isAbsolute()) {
                throw new IllegalArgumentException("endpoint must be an absolute URL, got " + endpoint);
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be > 0");
            }
            return new TributaryAdmin(endpoint, requestTimeout);
        }
    }
}
