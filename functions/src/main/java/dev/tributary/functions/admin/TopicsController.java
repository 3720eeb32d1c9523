package dev.tributary.functions.admin;

import dev.tributary.functions.http.JsonBodies;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorize;
import dev.tributary.functions.security.Authorizer;
import dev.tributary.functions.security.ResourceType;
import dev.tributary.storage.DynamoDbTopicStore;
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
import io.micronaut.json.tree.JsonNode;
import java.util.Map;

/** Topic administration: {@code /v1/topics}. */
@Controller("/v1/topics")
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
        JsonNode req = json.object(body);
        String name = JsonBodies.optionalString(req, "name");
        if (name == null) {
            throw JsonBodies.invalid("'name' is required.");
        }
        authorizer.checkCreateTopic(request, name);
        Integer partitions = JsonBodies.optionalInt(req, "partitions", 1, DynamoDbTopicStore.MAX_PARTITIONS);
        Map<String, Object> created = topics.create(name, partitions == null ? 1 : partitions,
                JsonBodies.scalarMap(req, "config"));
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
        JsonNode req = json.object(body);
        if (req.get("config") == null) {
            throw JsonBodies.invalid("'config' is required, e.g. {\"config\": {\"retention.ms\": 86400000}}.");
        }
        return topics.updateConfig(topic, JsonBodies.scalarMap(req, "config"));
    }

    @Post("/{topic}/partitions")
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.ALTER)
    public Map<String, Object> grow(@PathVariable String topic, @Body byte[] body) {
        JsonNode req = json.object(body);
        Integer count = JsonBodies.optionalInt(req, "count", 1, DynamoDbTopicStore.MAX_PARTITIONS);
        if (count == null) {
            throw JsonBodies.invalid("'count' is required: the new, larger partition count.");
        }
        return topics.growPartitions(topic, count);
    }

    @Delete("/{topic}")
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DELETE)
    public HttpResponse<Void> delete(@PathVariable String topic) {
        topics.delete(topic);
        return HttpResponse.noContent();
    }
}
