package dev.tributary.functions.admin;

import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.DynamoDbTopicStore;
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

    public TopicsController(TopicService topics, JsonBodies json) {
        this.topics = topics;
        this.json = json;
    }

    @Post
    public HttpResponse<Map<String, Object>> create(@Body byte[] body) {
        JsonNode req = json.object(body);
        String name = JsonBodies.optionalString(req, "name");
        if (name == null) {
            throw JsonBodies.invalid("'name' is required.");
        }
        Integer partitions = JsonBodies.optionalInt(req, "partitions", 1, DynamoDbTopicStore.MAX_PARTITIONS);
        Map<String, Object> created = topics.create(name, partitions == null ? 1 : partitions,
                JsonBodies.scalarMap(req, "config"));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(created);
    }

    @Get
    public Map<String, Object> list() {
        return Map.of("topics", topics.list());
    }

    @Get("/{topic}")
    public Map<String, Object> describe(@PathVariable String topic) {
        return topics.describe(topic);
    }

    @Patch("/{topic}")
    public Map<String, Object> alterConfig(@PathVariable String topic, @Body byte[] body) {
        JsonNode req = json.object(body);
        if (req.get("config") == null) {
            throw JsonBodies.invalid("'config' is required, e.g. {\"config\": {\"retention.ms\": 86400000}}.");
        }
        return topics.updateConfig(topic, JsonBodies.scalarMap(req, "config"));
    }

    @Post("/{topic}/partitions")
    public Map<String, Object> grow(@PathVariable String topic, @Body byte[] body) {
        JsonNode req = json.object(body);
        Integer count = JsonBodies.optionalInt(req, "count", 1, DynamoDbTopicStore.MAX_PARTITIONS);
        if (count == null) {
            throw JsonBodies.invalid("'count' is required: the new, larger partition count.");
        }
        return topics.growPartitions(topic, count);
    }

    @Delete("/{topic}")
    public HttpResponse<Void> delete(@PathVariable String topic) {
        topics.delete(topic);
        return HttpResponse.noContent();
    }
}
