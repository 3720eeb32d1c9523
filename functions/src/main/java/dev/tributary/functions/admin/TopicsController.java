package dev.tributary.functions.admin;

import dev.tributary.core.api.AlterTopicConfigRequest;
import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.CreatePartitionsRequest;
import dev.tributary.core.api.CreateTopicRequest;
import dev.tributary.core.api.TopicInfo;
import dev.tributary.core.api.TopicList;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorize;
import dev.tributary.functions.security.Authorizer;
import dev.tributary.functions.security.ResourceType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.tributary.functions.http.ApiExamples;

/** Topic administration: {@code /v1/topics}. */
@Controller
@Consumes(MediaType.ALL)
public class TopicsController {
    private final TopicService topics;
    private final JsonBodies json;
    private final Authorizer authorizer;

    public TopicsController(TopicService topics, JsonBodies json, Authorizer authorizer) {
        this.topics = topics;
        this.json = json;
        this.authorizer = authorizer;
    }

    @Post(ApiPaths.TOPICS)
    @ApiResponse(responseCode = "201", description = "The topic's description.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopicInfo.class)))
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.CREATE, inHandler = true)
    public HttpResponse<TopicInfo> create(HttpRequest<?> request, @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateTopicRequest.class),
            examples = @ExampleObject(name = "orders", value = ApiExamples.CREATE_TOPIC))}) byte[] body) {
        CreateTopicRequest req = json.read(body, CreateTopicRequest.class);
        authorizer.checkCreateTopic(request, req.name());
        TopicInfo created = topics.create(req.name(), req.partitions() == null ? 1 : req.partitions(),
                configValues(req.config()));
        return HttpResponse.<TopicInfo>status(HttpStatus.CREATED).body(created);
    }

    @Get(ApiPaths.TOPICS)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DESCRIBE, inHandler = true)
    public TopicList list(HttpRequest<?> request) {
        return new TopicList(authorizer.visible(request, ResourceType.TOPIC, topics.list().topics(), TopicList.Entry::name));
    }

    @Get(ApiPaths.TOPIC_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DESCRIBE)
    public TopicInfo describe(@PathVariable String topic) {
        return topics.describe(topic);
    }

    @Patch(ApiPaths.TOPIC_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.ALTER_CONFIGS)
    public TopicInfo alterConfig(@PathVariable String topic, @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AlterTopicConfigRequest.class),
            examples = @ExampleObject(name = "retention", value = ApiExamples.ALTER_TOPIC_CONFIG))}) byte[] body) {
        return topics.updateConfig(topic, configValues(json.read(body, AlterTopicConfigRequest.class).config()));
    }

    @Post(ApiPaths.TOPIC_PARTITIONS_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.ALTER)
    public TopicInfo grow(@PathVariable String topic, @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreatePartitionsRequest.class),
            examples = @ExampleObject(name = "grow", value = ApiExamples.CREATE_PARTITIONS))}) byte[] body) {
        return topics.growPartitions(topic, json.read(body, CreatePartitionsRequest.class).count());
    }

    @Delete(ApiPaths.TOPIC_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DELETE)
    public HttpResponse<Void> delete(@PathVariable String topic) {
        topics.delete(topic);
        return HttpResponse.noContent();
    }

    /** Configuration values as the topic store keeps them: text (numbers and booleans in their JSON form). */
    private static Map<String, String> configValues(Map<String, Object> config) {
        Map<String, String> values = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((key, value) -> {
                if (value == null) {
                    throw JsonBodies.invalid("'config." + key + "' must be a string, a whole number or a boolean.");
                }
                values.put(key, value.toString());
            });
        }
        return values;
    }
}
