package dev.tributary.kafka.internal;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.security.ApiKeys;
import dev.tributary.functions.security.JwtAuthenticator;
import dev.tributary.functions.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslServer;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SaslHandshake and SaslAuthenticate (v1 handshake, every SaslAuthenticate version), with
 * kafka-clients' own SASL servers checking the message formats:
 *
 * <ul>
 *   <li>{@code PLAIN} (enabled with the {@code api-key} mode): the password is a Tributary API
 *       key exactly as the HTTP API takes it in {@code X-Api-Key}; the username is not
 *       checked (by convention the key's id). The principal is the key's.</li>
 *   <li>{@code OAUTHBEARER} (enabled with the {@code jwt} mode): the token is verified by the
 *       HTTP API's {@link JwtAuthenticator} (issuer, audience, JWKS, expiry); the principal is
 *       {@code User:<claim>}. The answer's {@code session_lifetime_ms} is the time left until
 *       the token expires, so Kafka clients re-authenticate (KIP-368) on the same connection
 *       before it does; a connection that does not is refused further requests.</li>
 * </ul>
 *
 * A failed authentication answers {@code SASL_AUTHENTICATION_FAILED} with the reason and
 * closes the connection, as a Kafka broker does. Without authentication (mode {@code none})
 * both mechanisms are offered and any credentials are accepted: the connection stays
 * {@code User:ANONYMOUS}, as HTTP requests do in that mode. Thread-safe.
 */
public final class SaslHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(SaslHandlers.class);
    static final String PLAIN = PlainSaslServer.PLAIN_MECHANISM;
    static final String OAUTHBEARER = "OAUTHBEARER";

    private final ApiKeys apiKeys;
    private final JwtAuthenticator jwt;
    private final List<String> mechanisms;
    private final boolean required;
    private final Clock clock;

    /**
     * @param modes the authentication modes in force ({@code tributary.security.auth});
     *              {@code none} alone means no authentication
     */
    public SaslHandlers(List<String> modes, ApiKeys apiKeys, JwtAuthenticator jwt, Clock clock) {
        this.apiKeys = apiKeys;
        this.jwt = jwt;
        this.clock = clock;
        this.required = !modes.contains("none");
        List<String> enabled = new ArrayList<>();
        if (!required || modes.contains("api-key")) {
            enabled.add(PLAIN);
        }
        if (!required || modes.contains("jwt")) {
            enabled.add(OAUTHBEARER);
        }
        this.mechanisms = List.copyOf(enabled);
        if (required && mechanisms.isEmpty()) {
            LOG.warn("No Kafka SASL mechanism matches tributary.security.auth {}: Kafka clients cannot authenticate "
                    + "(PLAIN needs 'api-key', OAUTHBEARER needs 'jwt').", modes);
        }
    }

    public boolean authenticationRequired() {
        return required;
    }

    public List<String> mechanisms() {
        return mechanisms;
    }

    AbstractResponse handshake(Session session, RequestContext context, SaslHandshakeRequest request) {
        SaslHandshakeResponseData data = new SaslHandshakeResponseData().setMechanisms(mechanisms);
        String mechanism = request.data().mechanism();
        if (context.apiVersion() < 1) {
            // v0 would carry the SASL tokens unframed; every current client frames them (v1).
            session.close();
            return new SaslHandshakeResponse(data.setErrorCode(Errors.UNSUPPORTED_VERSION.code()));
        }
        if (!mechanisms.contains(mechanism)) {
            session.close();
            return new SaslHandshakeResponse(data.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        Exchange exchange = new Exchange();
        session.startSasl(new Pending(
                PLAIN.equals(mechanism) ? new PlainSaslServer(exchange) : new OAuthBearerSaslServer(exchange), exchange));
        return new SaslHandshakeResponse(data.setErrorCode(Errors.NONE.code()));
    }

    AbstractResponse authenticate(Session session, RequestContext context, SaslAuthenticateRequest request) {
        SaslAuthenticateResponseData data = new SaslAuthenticateResponseData().setAuthBytes(new byte[0]);
        Pending pending = session.sasl();
        if (pending == null) {
            session.close();
            return new SaslAuthenticateResponse(data.setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("SaslAuthenticate must follow a successful SaslHandshake."));
        }
        SaslServer server = pending.server();
        Exchange exchange = pending.exchange();
        try {
            byte[] challenge = server.evaluateResponse(request.data().authBytes());
            data.setErrorCode(Errors.NONE.code()).setAuthBytes(challenge);
            if (server.isComplete()) {
                Principal who = required ? exchange.principal : Principal.ANONYMOUS;
                KafkaPrincipal principal = new KafkaPrincipal(who.type(), who.name());
                if (session.authenticated() && !principal.equals(session.principal())) {
                    throw new SaslAuthenticationException("Re-authentication as " + who + " is refused: the connection "
                            + "authenticated as " + session.principal() + ".");
                }
                long expiresAtMs = required && exchange.expiresAtMs > 0 ? exchange.expiresAtMs : Long.MAX_VALUE;
                session.authenticated(principal, expiresAtMs);
                if (expiresAtMs != Long.MAX_VALUE) {
                    data.setSessionLifetimeMs(Math.max(1, expiresAtMs - clock.millis()));
                }
            }
        } catch (SaslException | RuntimeException e) {
            String reason = exchange.failure != null ? "Authentication failed: " + exchange.failure : e.getMessage();
            LOG.debug("SASL authentication failed on {}: {}", context.connectionId, reason);
            session.close();
            data.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(reason).setAuthBytes(new byte[0]);
        }
        return new SaslAuthenticateResponse(data);
    }

    /** A SASL exchange in progress on a connection. */
    record Pending(SaslServer server, Exchange exchange) {
    }

    /** The outcome of one exchange: the callbacks of kafka-clients' SASL servers land here. */
    final class Exchange implements AuthenticateCallbackHandler {
        volatile Principal principal;
        volatile long expiresAtMs;
        volatile String failure;

        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> entries) {
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback callback : callbacks) {
                if (callback instanceof PlainAuthenticateCallback plain) {
                    plain.authenticated(checkApiKey(new String(plain.password())));
                } else if (callback instanceof OAuthBearerValidatorCallback bearer) {
                    checkToken(bearer);
                } else if (!(callback instanceof javax.security.auth.callback.NameCallback)) {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }

        private boolean checkApiKey(String key) {
            if (!required) {
                return true;
            }
            try {
                principal = apiKeys.authenticateKey(key);
                return true;
            } catch (ApiException e) {
                if (e.code() != ErrorCode.UNAUTHORIZED) {
                    throw e;
                }
                failure = e.getMessage();
                return false;
            }
        }

        private void checkToken(OAuthBearerValidatorCallback callback) {
            String value = callback.tokenValue();
            if (!required) {
                callback.token(new Token(value, Principal.ANONYMOUS.name(), Long.MAX_VALUE));
                return;
            }
            try {
                JwtAuthenticator.VerifiedToken verified = jwt.verify(value);
                principal = verified.principal();
                expiresAtMs = verified.expiresAt().toEpochMilli();
                callback.token(new Token(value, principal.name(), expiresAtMs));
            } catch (ApiException e) {
                failure = e.getMessage();
                callback.error("invalid_token", null, null);
            }
        }

        @Override
        public void close() {
        }
    }

    /** A verified bearer token, as kafka-clients' OAUTHBEARER server wants it. */
    private record Token(String value, String principalName, long lifetimeMs) implements OAuthBearerToken {
        @Override
        public Set<String> scope() {
            return Set.of();
        }

        @Override
        public Long startTimeMs() {
            return null;
        }
    }
}
