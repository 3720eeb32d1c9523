package dev.tributary.functions.produce;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.InitProducerRequest;
import dev.tributary.core.api.InitProducerResponse;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorize;
import dev.tributary.functions.security.Authorizer;
import dev.tributary.functions.security.Principal;
import dev.tributary.functions.security.ResourceType;
import dev.tributary.storage.ProducerStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

/**
 * {@code POST /v1/producers}: a fresh producer id (epoch 0) for idempotent producing, or,
 * with {@code {"producerId": N}}, a new epoch for an existing id, which fences every
 * instance still using an older epoch. Ids are random and belong to the principal that
 * asked for them: nobody else can bump (fence) them.
 */
@Controller
@Consumes(MediaType.ALL)
public class ProducersController {
    private final ProducerStore producers;
    private final JsonBodies json;
    private final ProducerSequencer sequencer;
    private final Authorizer authorizer;

    public ProducersController(ProducerStore producers, JsonBodies json, ProducerSequencer sequencer,
                               Authorizer authorizer) {
        this.producers = producers;
        this.json = json;
        this.sequencer = sequencer;
        this.authorizer = authorizer;
    }

    @Post(ApiPaths.PRODUCERS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.IDEMPOTENT_WRITE, inHandler = true)
    public InitProducerResponse initProducer(HttpRequest<?> request, @Nullable @Body @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InitProducerRequest.class))}) byte[] body) {
        authorizer.checkIdempotentWrite(request);
        String owner = Principal.of(request).toString();
        ProducerStore.ProducerIdentity identity;
        if (body == null || body.length == 0) {
            identity = producers.allocate(owner);
        } else {
            Long id = json.read(body, InitProducerRequest.class).producerId();
            identity = id == null ? producers.allocate(owner) : producers.bumpEpoch(id, owner);
        }
        sequencer.epochIssued(identity.producerId(), identity.epoch());
        return new InitProducerResponse(identity.producerId(), identity.epoch());
    }
}
