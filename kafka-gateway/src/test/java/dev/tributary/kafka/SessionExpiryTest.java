package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.security.JwtAuthenticator;
import dev.tributary.kafka.internal.RequestDispatcher;
import dev.tributary.kafka.internal.SaslHandlers;
import dev.tributary.kafka.internal.Session;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.junit.jupiter.api.Test;

/**
 * A connection authenticated with a JWT may run requests until the token's expiry on the
 * gateway's clock, then must re-authenticate; the clock is injected, so nothing sleeps.
 */
class SessionExpiryTest {
    private static final SecuredGatewayStack STACK = SecuredGatewayStack.shared();

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final AtomicInteger served = new AtomicInteger();
    private final RequestDispatcher dispatcher = new RequestDispatcher(
            new SaslHandlers(List.of("jwt"), null, STACK.context.getBean(JwtAuthenticator.class), clock), clock, null)
            .register(ApiKeys.METADATA, (context, request) -> {
                served.incrementAndGet();
                return CompletableFuture.completedFuture(new MetadataResponse(new MetadataResponseData(), (short) 12));
            });
    private final Session session = new Session(false, true);
    private int correlationId;

    private AbstractResponse send(AbstractRequest request) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "test", ++correlationId);
        RequestContext context = new RequestContext(header, "connection-1", InetAddress.getLoopbackAddress(),
                session.principal(), session.listener(), session.protocol(), ClientInformation.EMPTY, false);
        return dispatcher.dispatch(session, context, request).join();
    }

    private static MetadataRequest metadata() {
        return new MetadataRequest.Builder(new MetadataRequestData().setTopics(null)).build((short) 12);
    }

    @Test
    void beforeAuthentication_onlySaslRuns() {
        send(metadata());
        assertThat(served).hasValue(0);
        assertThat(session.closing()).isTrue();
    }

    @Test
    void afterTheTokenExpires_requestsAreRefused_andTheConnectionCloses() {
        send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("OAUTHBEARER")).build((short) 1));
        String message = "n,,\u0001auth=Bearer " + STACK.token("frank", Duration.ofMinutes(10)) + "\u0001\u0001";
        SaslAuthenticateResponse authenticated = (SaslAuthenticateResponse) send(new SaslAuthenticateRequest.Builder(
                new SaslAuthenticateRequestData().setAuthBytes(message.getBytes(StandardCharsets.UTF_8))).build((short) 2));
        assertThat(authenticated.error()).isEqualTo(Errors.NONE);
        assertThat(session.principal().getName()).isEqualTo("frank");
        assertThat(authenticated.data().sessionLifetimeMs())
                .isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());

        clock.advance(Duration.ofMinutes(9));
        send(metadata());
        assertThat(served).hasValue(1);
        assertThat(session.closing()).isFalse();

        clock.advance(Duration.ofMinutes(2));
        send(metadata());
        assertThat(served).hasValue(1);
        assertThat(session.closing()).isTrue();
    }
}
