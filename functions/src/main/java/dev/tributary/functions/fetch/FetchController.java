package dev.tributary.functions.fetch;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.OffsetLookup;
import dev.tributary.core.api.SegmentRanges;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.functions.http.Problems;
import dev.tributary.functions.metrics.TopicMetrics;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorize;
import dev.tributary.functions.security.ResourceType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reads: records as JSON, offset lookups, and segment ranges for direct S3 reads. */
@Controller
public class FetchController {
    private final FetchService fetch;
    private final TributaryConfig.FetchConfig config;
    private final TopicMetrics metrics;

    public FetchController(FetchService fetch, TributaryConfig config, TopicMetrics metrics) {
        this.fetch = fetch;
        this.config = config.getFetch();
        this.metrics = metrics;
    }

    @Get(ApiPaths.FETCH_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.READ)
    public CompletableFuture<HttpResponse<?>> records(HttpRequest<?> request, @PathVariable String topic,
                                                      @PathVariable String partition,
                                                      @Nullable @QueryValue String offset,
                                                      @Nullable @QueryValue String maxRecords,
                                                      @Nullable @QueryValue String maxBytes,
                                                      @Nullable @QueryValue String maxWaitMs,
                                                      @Nullable @QueryValue String encoding) {
        boolean base64;
        if (encoding == null || encoding.equals("string") || encoding.equals("utf8")) {
            base64 = false;
        } else if (encoding.equals("base64")) {
            base64 = true;
        } else {
            throw invalid("'encoding' must be 'string' or 'base64', not '" + encoding + "'.");
        }
        FetchService.FetchRequest fetchRequest = new FetchService.FetchRequest(topic, partition(partition),
                longParam("offset", offset, null, 0, Long.MAX_VALUE),
                longParam("maxRecords", maxRecords, 500L, 1, config.getMaxRecords()).intValue(),
                longParam("maxBytes", maxBytes, 1_048_576L, 1, config.getMaxBytes()).intValue(),
                longParam("maxWaitMs", maxWaitMs, 0L, 0, config.getMaxWait().toMillis()),
                base64);
        String path = request.getPath();
        boolean longPoll = fetchRequest.maxWaitMs() > 0;
        CompletableFuture<FetchService.FetchResult> result;
        try {
            result = fetch.fetch(fetchRequest);
        } catch (ApiException e) {
            metrics.fetched(topic, 0, 0, e.code().name());
            throw e;
        }
        if (longPoll) {
            metrics.longPollStarted();
        }
        return result.handle((ok, error) -> {
            if (longPoll) {
                metrics.longPollEnded();
            }
            if (error == null) {
                byte[] json = FetchResponseWriter.write(ok);
                metrics.fetched(topic, ok.records().size(), json.length, null);
                return HttpResponse.ok(json).contentType(MediaType.APPLICATION_JSON_TYPE);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof ApiException api) {
                metrics.fetched(topic, 0, 0, api.code().name());
                return Problems.of(api, path);
            }
            metrics.fetched(topic, 0, 0, ErrorCode.INTERNAL_ERROR.name());
            throw new CompletionException(cause);
        });
    }

    /** The response for an asynchronous result: {@code ok} of the value, or problem+json for an {@link ApiException}. */
    private static <T> CompletableFuture<HttpResponse<?>> respond(CompletableFuture<T> result, String path,
                                                                  java.util.function.Function<T, HttpResponse<?>> ok) {
        return result.handle((value, error) -> {
            if (error == null) {
                return ok.apply(value);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof ApiException api) {
                return Problems.of(api, path);
            }
            throw new CompletionException(cause);
        });
    }

    @Get(ApiPaths.OFFSET_LOOKUP_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.DESCRIBE)
    public OffsetLookup offsets(@PathVariable String topic, @PathVariable String partition,
                                @Nullable @QueryValue String at) {
        return fetch.offsetAt(topic, partition(partition), at);
    }

    @Get(ApiPaths.SEGMENTS_ROUTE)
    @Authorize(resource = ResourceType.TOPIC, operation = AclOperation.READ)
    public CompletableFuture<HttpResponse<?>> segments(HttpRequest<?> request, @PathVariable String topic,
                                                       @PathVariable String partition, @Nullable @QueryValue String offset,
                                                       @Nullable @QueryValue String maxBytes,
                                                       @Nullable @QueryValue String maxWaitMs) {
        CompletableFuture<SegmentRanges> result = fetch.segmentsFor(topic, partition(partition),
                longParam("offset", offset, null, 0, Long.MAX_VALUE),
                longParam("maxBytes", maxBytes, 8L * 1_048_576, 1, 256L * 1_048_576).intValue(),
                longParam("maxWaitMs", maxWaitMs, 0L, 0, config.getMaxWait().toMillis()));
        return respond(result, request.getPath(), HttpResponse::ok);
    }

    private static int partition(String value) {
        Long p = longParam("partition", value, null, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (p == null) {
            throw invalid("A partition number is required.");
        }
        return p.intValue();
    }

    private static Long longParam(String name, String value, Long dflt, long min, long max) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        long v;
        try {
            v = JsonBodies.parseAsciiLong(value);
        } catch (NumberFormatException e) {
            throw invalid("'" + name + "' must be a whole number, not '" + value + "'.");
        }
        if (v < min || v > max) {
            if (name.equals("offset")) {
                throw new ApiException(ErrorCode.OFFSET_OUT_OF_RANGE, "Offset " + v + " is negative.");
            }
            throw invalid("'" + name + "' must be between " + min + " and " + max + ", not " + v + ".");
        }
        return v;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }
}
