package dev.tributary.functions.groups;

import dev.tributary.core.TopicNames;
import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.functions.http.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import java.util.Map;

/** Consumer groups: {@code /v1/groups}. Membership by heartbeat, offsets, descriptions. */
@Controller("/v1/groups")
@Consumes(MediaType.ALL)
public class GroupsController {
    private final GroupService groups;
    private final JsonBodies json;
    private final GroupsConfig config;

    public GroupsController(GroupService groups, JsonBodies json, GroupsConfig config) {
        this.groups = groups;
        this.json = json;
        this.config = config;
    }

    @Get
    public Map<String, Object> list() {
        return groups.list();
    }

    @Get("/{group}")
    public Map<String, Object> describe(@PathVariable String group) {
        return groups.describe(group);
    }

    @Post("/{group}/heartbeat")
    public GroupHeartbeatResponse heartbeat(@PathVariable String group, @Body byte[] body) {
        GroupNames.validateGroup(group);
        return groups.heartbeat(group, GroupRequests.heartbeat(json.object(body), config));
    }

    @Post("/{group}/offsets")
    public Map<String, Object> commit(@PathVariable String group, @Body byte[] body) {
        GroupNames.validateGroup(group);
        JsonNode req = json.object(body);
        String memberId = JsonBodies.optionalString(req, "memberId");
        Integer epoch = JsonBodies.optionalInt(req, "memberEpoch", -1, Integer.MAX_VALUE);
        return groups.commit(group, memberId, epoch, GroupRequests.offsets(req));
    }

    @Get("/{group}/offsets")
    public Map<String, Object> offsets(@PathVariable String group, @Nullable @QueryValue String topic) {
        return groups.offsets(group, topic == null ? null : TopicNames.validate(topic));
    }

    @Delete("/{group}")
    public Map<String, Object> delete(@PathVariable String group) {
        return groups.deleteGroup(group);
    }

    @Delete("/{group}/offsets")
    public Map<String, Object> deleteOffsets(@PathVariable String group, @Nullable @QueryValue String topic) {
        return groups.deleteOffsets(group, topic == null ? null : TopicNames.validate(topic));
    }
}
