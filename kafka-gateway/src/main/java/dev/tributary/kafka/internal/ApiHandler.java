package dev.tributary.kafka.internal;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;

/**
 * Answers one Kafka API. Runs on a handler thread, may block briefly on storage, and
 * completes the future when the answer is ready (later for long polls and produce acks).
 * A thrown exception or a failed future becomes the request's error response.
 */
@FunctionalInterface
public interface ApiHandler {
    CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request);
}
