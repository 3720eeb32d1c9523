package dev.tributary.kafka.internal;

import dev.tributary.functions.security.Principal;
import dev.tributary.functions.security.Quotas;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;

/**
 * Routes parsed requests to their {@link ApiHandler} and answers ApiVersions from the set
 * of registered handlers, so a client is only ever offered what the gateway serves.
 *
 * <p>Every registered API is served at every version that {@code kafka-clients} itself
 * knows as stable (its oldest to its latest). An API without a handler, or a version
 * outside that range, is answered with {@code UNSUPPORTED_VERSION} in the API's own
 * response format: the connection stays open. Thread-safe once built.
 */
public final class RequestDispatcher {
    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
    private final SaslHandlers sasl;
    private final Clock clock;
    private final Quotas quotas;

    /** @param quotas per-principal quotas, charged after the fact (null: none) */
    public RequestDispatcher(SaslHandlers sasl, Clock clock, Quotas quotas) {
        this.sasl = sasl;
        this.clock = clock;
        this.quotas = quotas;
    }

    public RequestDispatcher register(ApiKeys api, ApiHandler handler) {
        handlers.put(api, handler);
        return this;
    }

    public boolean supports(ApiKeys api, short version) {
        return (api == ApiKeys.API_VERSIONS || api == ApiKeys.SASL_HANDSHAKE || api == ApiKeys.SASL_AUTHENTICATE
                || handlers.containsKey(api))
                && version >= api.oldestVersion() && version <= api.latestVersion(false);
    }

    /**
     * The answer to {@code request} on a connection in {@code session}; never fails (errors
     * become the API's error response). Until the connection has authenticated (when that is
     * required), anything but ApiVersions and SASL is answered {@code SASL_AUTHENTICATION_FAILED}
     * and the connection is closed after the answer.
     */
    public CompletableFuture<AbstractResponse> dispatch(Session session, RequestContext context, AbstractRequest request) {
        ApiKeys api = context.header.apiKey();
        if (request instanceof ApiVersionsRequest versions) {
            return CompletableFuture.completedFuture(apiVersions(versions));
        }
        if (!supports(api, context.header.apiVersion())) {
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new UnsupportedVersionException(
                    api.name + " version " + context.header.apiVersion() + " is not supported by this server.")));
        }
        if (request instanceof SaslHandshakeRequest handshake) {
            return CompletableFuture.completedFuture(sasl.handshake(session, context, handshake));
        }
        if (request instanceof SaslAuthenticateRequest authenticate) {
            return CompletableFuture.completedFuture(sasl.authenticate(session, context, authenticate));
        }
        if (!session.mayRun(clock.millis())) {
            session.close();
            String why = session.authenticated()
                    ? "The connection's credential has expired; re-authenticate (SaslHandshake, SaslAuthenticate)."
                    : "This listener requires SASL authentication (" + String.join(", ", sasl.mechanisms())
                    + ") before " + api.name + ".";
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new SaslAuthenticationException(why)));
        }
        CompletableFuture<AbstractResponse> answer;
        try {
            answer = handlers.get(api).handle(context, request).exceptionally(e -> errorResponse(request, e));
        } catch (RuntimeException e) {
            answer = CompletableFuture.completedFuture(errorResponse(request, e));
        }
        return quotas == null ? answer : answer.thenApply(response -> throttled(context, request, response));
    }

    /**
     * Kafka's quotas: the request is served, its cost charged to the principal (one request;
     * produce bytes; the records a fetch returns), and while the principal is in debt the answer
     * carries {@code throttle_time_ms}, for which Kafka clients hold back further requests to
     * this gateway (KIP-219).
     */
    private AbstractResponse throttled(RequestContext context, AbstractRequest request, AbstractResponse response) {
        Principal principal = Access.principal(context);
        long waitMs = quotas.charge(principal, Quotas.Kind.REQUESTS, 1);
        if (request instanceof ProduceRequest produce) {
            long bytes = 0;
            for (ProduceRequestData.TopicProduceData t : produce.data().topicData()) {
                for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                    bytes += p.records() == null ? 0 : p.records().sizeInBytes();
                }
            }
            waitMs = Math.max(waitMs, quotas.charge(principal, Quotas.Kind.PRODUCE_BYTES, bytes));
        } else if (response instanceof FetchResponse fetch) {
            long bytes = 0;
            for (FetchResponseData.FetchableTopicResponse t : fetch.data().responses()) {
                for (FetchResponseData.PartitionData p : t.partitions()) {
                    bytes += p.records() == null ? 0 : p.records().sizeInBytes();
                }
            }
            waitMs = Math.max(waitMs, quotas.charge(principal, Quotas.Kind.FETCH_BYTES, bytes));
        }
        if (waitMs > 0) {
            response.maybeSetThrottleTimeMs((int) Math.min(Integer.MAX_VALUE, waitMs));
        }
        return response;
    }

    static AbstractResponse errorResponse(AbstractRequest request, Throwable error) {
        Errors code = KafkaErrors.of(error);
        return request.getErrorResponse(0, code.exception(KafkaErrors.message(error)));
    }

    private ApiVersionsResponse apiVersions(ApiVersionsRequest request) {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setThrottleTimeMs(0);
        if (request.hasUnsupportedRequestVersion()) {
            data.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        } else if (!request.isValid()) {
            data.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        ApiVersionsResponseData.ApiVersionCollection keys = new ApiVersionsResponseData.ApiVersionCollection();
        java.util.EnumSet<ApiKeys> served = java.util.EnumSet.of(ApiKeys.API_VERSIONS, ApiKeys.SASL_HANDSHAKE,
                ApiKeys.SASL_AUTHENTICATE);
        served.addAll(handlers.keySet());
        for (ApiKeys api : served) {
            keys.add(new ApiVersionsResponseData.ApiVersion().setApiKey(api.id)
                    .setMinVersion(api == ApiKeys.SASL_HANDSHAKE ? (short) Math.max(1, api.oldestVersion()) : api.oldestVersion()).setMaxVersion(api.latestVersion(false)));
        }
        data.setApiKeys(keys);
        return new ApiVersionsResponse(data);
    }
}
