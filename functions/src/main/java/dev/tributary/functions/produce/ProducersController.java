package dev.tributary.functions.produce;

import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.ProducerStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/producers}: a fresh producer id (epoch 0) for idempotent producing, or,
 * with {@code {"producerId": N}}, a new epoch for an existing id, which fences every
 * instance still using an older epoch.
 */
@Controller("/v1/producers")
@Consumes(MediaType.ALL)
public class ProducersController {
    private final ProducerStore producers;
    private final JsonBodies json;
    private final ProducerSequencer sequencer;

    public ProducersController(ProducerStore producers, JsonBodies json, ProducerSequencer sequencer) {
        this.producers = producers;
        this.json = json;
        this.sequencer = sequencer;
    }

    @Post
    public Map<String, Object> initProducer(@Nullable @Body byte[] body) {
        ProducerStore.ProducerIdentity identity;
        if (body == null || body.length == 0) {
            identity = producers.allocate();
        } else {
            JsonNode req = json.object(body);
            Long id = JsonBodies.optionalLong(req, "producerId", 1, Long.MAX_VALUE);
            identity = id == null ? producers.allocate() : producers.bumpEpoch(id);
        }
        sequencer.epochIssued(identity.producerId(), identity.epoch());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("producerId", identity.producerId());
        m.put("producerEpoch", identity.epoch());
        return m;
    }
}
