package dev.tributary.functions.admin;

import dev.tributary.core.api.AlterTopicConfigRequest;
import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.CreatePartitionsRequest;
import dev.tributary.core.api.CreateTopicRequest;
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
import java.util.LinkedHashMap;
import java.util.Map;

/** Topic administration: {@code /v1/topics}. */
@Controller(ApiPaths.TOPICS)
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

    @Post
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.CREATE, inHandler = true)
    public HttpResponse<Map<String, Object>> create(HttpRequest<?> request, @Body byte[] body) {
        CreateTopicRequest req = json.read(body, CreateTopicRequest.class);
        authorizer.checkCreateTopic(request, req.name());
        Map<String, Object> created = topics.create(req.name(), req.partitions() == null ? 1 : req.partitions(),
                configValues(req.config()));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(created);
    }

    @Get
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DESCRIBE, inHandler = true)
    public Map<String, Object> list(HttpRequest<?> request) {
        return Map.of("topics", authorizer.visible(request, ResourceType.TOPIC, topics.list(), t -> (String) t.get("name")));
    }

    @Get("/{topic}")
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DESCRIBE)
    public Map<String, Object> describe(@PathVariable String topic) {
        return topics.describe(topic);
    }

    @Patch("/{topic}")
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.ALTER_CONFIGS)
    public Map<String, Object> alterConfig(@PathVariable String topic, @Body byte[] body) {
        return topics.updateConfig(topic, configValues(json.read(body, AlterTopicConfigRequest.class).config()));
    }

    @Post("/{topic}/partitions")
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.ALTER)
    public Map<String, Object> grow(@PathVariable String topic, @Body byte[] body) {
        return topics.growPartitions(topic, json.read(body, CreatePartitionsRequest.class).count());
    }

    @Delete("/{topic}")
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
