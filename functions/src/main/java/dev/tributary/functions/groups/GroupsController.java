package dev.tributary.functions.groups;

import dev.tributary.core.TopicNames;
import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.GroupHeartbeatRequest;
import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.CommittedOffsets;
import dev.tributary.core.api.GroupDeleted;
import dev.tributary.core.api.GroupInfo;
import dev.tributary.core.api.GroupList;
import dev.tributary.core.api.OffsetsDeleted;
import dev.tributary.core.api.GroupOffsets;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorize;
import dev.tributary.functions.security.Authorizer;
import dev.tributary.functions.security.ResourceType;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.OffsetCommit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import dev.tributary.functions.http.ApiExamples;

/** Consumer groups: {@code /v1/groups}. Membership by heartbeat, offsets, descriptions. */
@Controller
@Consumes(MediaType.ALL)
public class GroupsController {
    private final GroupService groups;
    private final JsonBodies json;
    private final GroupsConfig config;
    private final Authorizer authorizer;

    public GroupsController(GroupService groups, JsonBodies json, GroupsConfig config, Authorizer authorizer) {
        this.groups = groups;
        this.json = json;
        this.config = config;
        this.authorizer = authorizer;
    }

    @Get(ApiPaths.GROUPS)
    @Authorize(resource = ResourceType.GROUP, operation = AclOperation.DESCRIBE, inHandler = true)
    public GroupList list(HttpRequest<?> request) {
        return new GroupList(authorizer.visible(request, ResourceType.GROUP, groups.list().groups(), GroupList.Entry::group));
    }

    @Get(ApiPaths.GROUP_ROUTE)
    @Authorize(resource = ResourceType.GROUP, operation = AclOperation.DESCRIBE)
    public GroupInfo describe(@PathVariable String group) {
        return groups.describe(group);
    }

    @Post(ApiPaths.HEARTBEAT_ROUTE)
    @Authorize(resource = ResourceType.GROUP, operation = AclOperation.READ)
    public GroupHeartbeatResponse heartbeat(HttpRequest<?> request, @PathVariable String group,
                                            @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GroupHeartbeatRequest.class),
            examples = @ExampleObject(name = "join", value = ApiExamples.HEARTBEAT_JOIN))}) byte[] body) {
        GroupNames.validateGroup(group);
        HeartbeatRequest heartbeat = GroupRequests.heartbeat(json.read(body, GroupHeartbeatRequest.class), config);
        if (heartbeat.topics() != null) {
            heartbeat.topics().forEach(t -> authorizer.check(request, ResourceType.TOPIC, t, AclOperation.DESCRIBE));
        }
        return groups.heartbeat(group, heartbeat);
    }

    @Post(ApiPaths.GROUP_OFFSETS_ROUTE)
    @Authorize(resource = ResourceType.GROUP, operation = AclOperation.READ)
    public CommittedOffsets commit(HttpRequest<?> request, @PathVariable String group,
                                      @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GroupOffsets.class),
            examples = @ExampleObject(name = "standalone", value = ApiExamples.COMMIT_OFFSETS))}) byte[] body) {
        GroupNames.validateGroup(group);
        GroupOffsets req = json.read(body, GroupOffsets.class);
        List<OffsetCommit> offsets = GroupRequests.offsets(req);
        offsets.forEach(o -> authorizer.check(request, ResourceType.TOPIC, o.topic(), AclOperation.READ));
        return groups.commit(group, req.memberId(), req.memberEpoch(), offsets);
    }

    @Get(ApiPaths.GROUP_OFFSETS_ROUTE)
    @Authorize(resource = ResourceType.GROUP, operation = AclOperation.DESCRIBE)
    public CommittedOffsets offsets(@PathVariable String group, @Nullable @QueryValue String topic) {
        return groups.offsets(group, topic == null ? null : TopicNames.validate(topic));
    }

    @Delete(ApiPaths.GROUP_ROUTE)
    @Authorize(resource = ResourceType.GROUP, operation = AclOperation.DELETE)
    public GroupDeleted delete(@PathVariable String group) {
        return groups.deleteGroup(group);
    }

    @Delete(ApiPaths.GROUP_OFFSETS_ROUTE)
    @Authorize(resource = ResourceType.GROUP, operation = AclOperation.DELETE)
    public OffsetsDeleted deleteOffsets(@PathVariable String group, @Nullable @QueryValue String topic) {
        return groups.deleteOffsets(group, topic == null ? null : TopicNames.validate(topic));
    }
}
