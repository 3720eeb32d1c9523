package dev.tributary.functions.produce;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.ProduceRequest;
import dev.tributary.core.api.ProduceResponse;
import dev.tributary.core.api.ServiceStats;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.wire.ProduceRequestCodec;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.functions.http.Problems;
import dev.tributary.functions.metrics.TopicMetrics;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorize;
import dev.tributary.functions.security.ResourceType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.tributary.functions.http.ApiExamples;

/** {@code POST /v1/topics/{topic}/records}: JSON or the SDK's binary batches. */
@Controller
@Consumes(MediaType.ALL)
public class ProduceController {
    private final ProduceService produce;
    private final JsonBodies json;
    private final ProduceStats stats;
    private final TopicMetrics metrics;
    private final int maxRequestBytes;

    public ProduceController(ProduceService produce, JsonBodies json, ProduceStats stats, TopicMetrics metrics,
                             TributaryConfig config) {
        this.produce = produce;
        this.json = json;
        this.stats = stats;
        this.metrics = metrics;
        this.maxRequestBytes = config.getProduce().getMaxRequestBytes();
    }

    @Post(ApiPaths.RECORDS_ROUTE)
    @ApiResponse(responseCode = "200", description = "Where each record was stored, in request order (JSON form).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProduceResponse.class)))
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.WRITE)
    public CompletableFuture<HttpResponse<?>> produce(HttpRequest<?> request, @PathVariable String topic,
            @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProduceRequest.class),
            examples = @ExampleObject(name = "records", value = ApiExamples.PRODUCE)),
            @Content(mediaType = ProduceRequestCodec.MEDIA_TYPE, schema = @Schema(type = "string", format = "binary",
                    description = "Kafka v2 record batches per partition (the SDK's form)."))}) byte[] body) {
        long started = System.nanoTime();
        long bytes = body == null ? 0 : body.length;
        CompletableFuture<?> result;
        try {
            result = start(request, topic, body);
        } catch (ApiException e) {
            metrics.produced(topic, 0, bytes, Duration.ofNanos(System.nanoTime() - started), e.code().name());
            throw e;
        }
        String path = request.getPath();
        return result.handle((ok, error) -> {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (error == null) {
                metrics.produced(topic, ok instanceof ProduceResponse json ? json.offsets().size() : 0, bytes, elapsed, null);
                return HttpResponse.ok(ok);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ApiException api = cause instanceof ApiException a ? a
                    : new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Could not store the records: " + cause.getMessage(), cause);
            metrics.produced(topic, 0, bytes, elapsed, api.code().name());
            return Problems.of(api, path);
        });
    }

    private CompletableFuture<?> start(HttpRequest<?> request, String topic, byte[] body) {
        if (body != null && body.length > maxRequestBytes) {
            throw new ApiException(ErrorCode.REQUEST_TOO_LARGE, "The request body is " + body.length
                    + " bytes; the limit is " + maxRequestBytes + ".").with("maxRequestBytes", maxRequestBytes);
        }
        String type = request.getContentType().map(MediaType::getName).orElse("");
        CompletableFuture<?> result;
        if (type.equals(MediaType.APPLICATION_JSON)) {
            result = produce.produceJson(topic, json.read(body, ProduceRequest.class), request.getHeaders().get("Idempotency-Key"));
        } else if (type.equals(ProduceRequestCodec.MEDIA_TYPE)) {
            if (body == null || body.length == 0) {
                throw JsonBodies.invalid("The request body is empty.");
            }
            result = produce.produceBinary(topic, body, request.getHeaders().get(ExpectedOffsets.HEADER));
        } else {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json or "
                    + ProduceRequestCodec.MEDIA_TYPE + ", not '" + (type.isEmpty() ? "(none)" : type) + "'.");
        }
        return result;
    }

    /** Produce-path counters (a view of the meter registry): requests in, S3 PUTs and DynamoDB transactions out. */
    @Get(ApiPaths.STATS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.DESCRIBE)
    public ServiceStats stats() {
        return stats.snapshot(metrics.longPolls());
    }
}
