package dev.tributary.client.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.Credentials;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.core.api.AclEntry;
import dev.tributary.core.api.AclList;
import dev.tributary.core.api.AlterTopicConfigRequest;
import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.CommittedOffsets;
import dev.tributary.core.api.CreatePartitionsRequest;
import dev.tributary.core.api.CreateTopicRequest;
import dev.tributary.core.api.DeleteRecordsRequest;
import dev.tributary.core.api.DeleteRecordsResponse;
import dev.tributary.core.api.GroupInfo;
import dev.tributary.core.api.GroupList;
import dev.tributary.core.api.PartitionOffset;
import dev.tributary.core.api.TopicInfo;
import dev.tributary.core.api.TopicList;
import dev.tributary.core.api.TopicPartitions;
import dev.tributary.client.internal.OffsetsClient;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.core.error.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link Admin} over the service's HTTP API. Thread-safe; create it with
 * {@link #builder()}.
 */
public final class TributaryAdmin implements Admin {
    private static final TypeReference<LinkedHashMap<String, String>> ACL_FIELDS = new TypeReference<>() {
    };
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

    private final AdminConfig config;
    private final ServiceClient service;
    private final OffsetsClient offsets;

    private TributaryAdmin(AdminConfig config) {
        this.config = config;
        this.service = new ServiceClient(config.client().endpoint(), config.client().requestTimeout());
        this.offsets = new OffsetsClient(service);
    }

    public static Builder builder() {
        return new Builder(AdminConfig.builder());
    }

    public Builder toBuilder() {
        return new Builder(config.toBuilder());
    }

    /** An admin client with {@code config}. */
    public static TributaryAdmin create(AdminConfig config) {
        return new TributaryAdmin(config);
    }

    /** An admin client configured from Kafka admin properties ({@link AdminConfig#fromProperties}). */
    public static TributaryAdmin create(Map<String, ?> properties) {
        return create(AdminConfig.fromProperties(properties));
    }

    /** This client's settings. */
    public AdminConfig config() {
        return config;
    }

    @Override
    public TopicDescription createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    @Override
    public TopicDescription createTopic(String name, int partitions, Map<String, String> config) {
        CreateTopicRequest body = new CreateTopicRequest(Objects.requireNonNull(name, "name"), partitions,
                config == null || config.isEmpty() ? null : jsonConfig(config));
        return toDescription(service.send("POST", ApiPaths.TOPICS, body, TopicInfo.class));
    }

    @Override
    public List<TopicListing> listTopics() {
        List<TopicListing> out = new ArrayList<>();
        for (TopicList.Entry t : service.send("GET", ApiPaths.TOPICS, null, TopicList.class).topics()) {
            out.add(new TopicListing(t.name(), t.partitions()));
        }
        return out;
    }

    @Override
    public TopicDescription describeTopic(String name) {
        return toDescription(service.send("GET", topicPath(name), null, TopicInfo.class));
    }

    @Override
    public void deleteTopic(String name) {
        service.sendJson("DELETE", topicPath(name), null);
    }

    @Override
    public TopicDescription createPartitions(String name, int count) {
        return toDescription(service.send("POST", ApiPaths.topicPartitions(Objects.requireNonNull(name, "name")),
                new CreatePartitionsRequest(count), TopicInfo.class));
    }

    @Override
    public TopicDescription alterConfig(String name, Map<String, String> config) {
        return toDescription(service.send("PATCH", topicPath(name), new AlterTopicConfigRequest(jsonConfig(config)),
                TopicInfo.class));
    }

    @Override
    public OffsetAndTimestamp listOffsets(TopicPartition partition, OffsetSpec spec) {
        return ServiceClient.await(offsets.offset(partition, spec.query()));
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, String> query = new LinkedHashMap<>();
        specs.forEach((tp, spec) -> query.put(tp, spec.query()));
        return offsets.offsets(query);
    }

    @Override
    public Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        beforeOffsets.forEach((tp, before) -> {
            DeleteRecordsResponse answer = service.send("POST", ApiPaths.deleteRecords(tp.topic(), tp.partition()),
                    new DeleteRecordsRequest(Objects.requireNonNull(before, "beforeOffset")), DeleteRecordsResponse.class);
            out.put(tp, answer.earliestOffset());
        });
        return out;
    }

    @Override
    public List<String> listGroups() {
        JsonNode body = groups(() -> service.sendJson("GET", ApiPaths.GROUPS, null));
        List<String> out = new ArrayList<>();
        for (GroupList.Entry g : ServiceClient.convert(body, GroupList.class).groups()) {
            out.add(g.group());
        }
        return out;
    }

    @Override
    public GroupDescription describeGroup(String groupId) {
        String path = ApiPaths.group(groupId);
        JsonNode body = groups(() -> service.sendJson("GET", path, null));
        GroupInfo group = ServiceClient.convert(body, GroupInfo.class);
        List<PartitionOffset> offsets = group.offsets() != null ? group.offsets() : committedOffsets(groupId);
        List<MemberDescription> members = new ArrayList<>();
        for (GroupInfo.Member m : group.members() == null ? List.<GroupInfo.Member>of() : group.members()) {
            members.add(new MemberDescription(m.memberId(), m.memberEpoch(),
                    m.topics() == null ? List.of() : m.topics(),
                    partitions(m.ownedPartitions()), partitions(m.pendingRevocation())));
        }
        return new GroupDescription(groupId, group.state() == null ? "" : group.state(), members,
                OffsetsClient.toGroupOffsets(offsets), body.toPrettyString());
    }

    @Override
    public List<GroupOffset> listGroupOffsets(String groupId) {
        return OffsetsClient.toGroupOffsets(committedOffsets(groupId));
    }

    private List<PartitionOffset> committedOffsets(String groupId) {
        return ServiceClient.convert(groups(() -> service.sendJson("GET", ApiPaths.groupOffsets(groupId), null)),
                CommittedOffsets.class).offsets();
    }

    private static List<TopicPartition> partitions(List<TopicPartitions> list) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicPartitions t : list == null ? List.<TopicPartitions>of() : list) {
            for (int p : t.partitions()) {
                out.add(new TopicPartition(t.topic(), p));
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
        return ApiPaths.topic(Objects.requireNonNull(name, "name"));
    }

    /** Whole numbers go out as JSON numbers, everything else as text, as the service documents its keys. */
    private static Map<String, Object> jsonConfig(Map<String, String> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, v != null && WHOLE_NUMBER.matcher(v).matches() ? (Object) Long.parseLong(v) : v));
        return out;
    }

    static TopicDescription toDescription(TopicInfo body) {
        List<PartitionInfo> partitions = new ArrayList<>();
        for (TopicInfo.PartitionInfo p : body.partitions() == null ? List.<TopicInfo.PartitionInfo>of() : body.partitions()) {
            partitions.add(new PartitionInfo(p.partition(), p.earliestOffset(), p.latestOffset(),
                    p.sizeBytes() == null ? -1 : p.sizeBytes()));
        }
        Map<String, String> config = new LinkedHashMap<>();
        if (body.config() != null) {
            body.config().forEach((k, v) -> config.put(k, v == null ? "" : v.toString()));
        }
        return new TopicDescription(body.name(), body.topicId(), partitions, config);
    }

    @Override
    public void createAcl(AclBinding acl) {
        service.sendJson("POST", ApiPaths.ACLS, aclEntry(acl));
    }

    @Override
    public List<AclBinding> listAcls(String principal) {
        String path = ApiPaths.ACLS + (principal == null ? "" : "?principal=" + ApiPaths.segment(principal));
        List<AclBinding> out = new ArrayList<>();
        for (AclEntry a : service.send("GET", path, null, AclList.class).acls()) {
            out.add(new AclBinding(a.principal(), a.resourceType(), a.resourceName(), a.patternType(), a.operation(),
                    a.permission()));
        }
        return out;
    }

    @Override
    public boolean deleteAcl(AclBinding acl) {
        StringBuilder query = new StringBuilder();
        // The entry's fields, as query parameters named like the JSON fields.
        Map<String, String> fields = ServiceClient.mapper().convertValue(aclEntry(acl), ACL_FIELDS);
        fields.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                .append(ApiPaths.segment(v)));
        try {
            service.sendJson("DELETE", ApiPaths.ACLS + query, null);
            return true;
        } catch (TributaryException e) {
            if (e.errorCode() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private static AclEntry aclEntry(AclBinding acl) {
        return new AclEntry(acl.principal(), acl.resourceType(), acl.resourceName(), acl.patternType(), acl.operation(),
                acl.permission());
    }

    @Override
    public void close() {
        service.close();
    }

    /** Builds a {@link TributaryAdmin}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final AdminConfig.Builder c;

        private Builder(AdminConfig.Builder c) {
            this.c = c;
        }

        /** The service's base URL. Required. */
        public Builder endpoint(URI endpoint) {
            c.endpoint(endpoint);
            return this;
        }

        /** Who the client is. Default {@link Credentials#none()}. */
        public Builder credentials(Credentials credentials) {
            c.credentials(credentials);
            return this;
        }

        /** How long one request may take. Default 30 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            c.requestTimeout(requestTimeout);
            return this;
        }

        /** @throws IllegalArgumentException for a missing endpoint or a non-positive timeout */
        public TributaryAdmin build() {
            return new TributaryAdmin(c.build());
        }
    }
}
