package dev.tributary.kafka.internal;

import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * What one connection has proved: its security protocol, the principal it authenticated as
 * (anonymous until then), a SASL exchange in progress, and when its credential expires.
 *
 * <p>When authentication is required, an unauthenticated connection may only send
 * ApiVersions, SaslHandshake and SaslAuthenticate. A connection whose credential has expired
 * must re-authenticate (KIP-368) before anything else. Thread-safe: requests of one
 * connection start one at a time, but on different handler threads.
 */
public final class Session {
    private final SecurityProtocol protocol;
    private final boolean authenticationRequired;
    private volatile KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;
    private volatile boolean authenticated;
    private volatile long expiresAtMs = Long.MAX_VALUE;
    private volatile SaslHandlers.Pending sasl;
    private volatile boolean closing;

    public Session(boolean tls, boolean authenticationRequired) {
        this.authenticationRequired = authenticationRequired;
        this.protocol = tls
                ? (authenticationRequired ? SecurityProtocol.SASL_SSL : SecurityProtocol.SSL)
                : (authenticationRequired ? SecurityProtocol.SASL_PLAINTEXT : SecurityProtocol.PLAINTEXT);
    }

    public SecurityProtocol protocol() {
        return protocol;
    }

    public ListenerName listener() {
        return ListenerName.forSecurityProtocol(protocol);
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    public boolean authenticationRequired() {
        return authenticationRequired;
    }

    /** Whether requests other than the SASL ones may run at {@code nowMs}. */
    boolean mayRun(long nowMs) {
        return !authenticationRequired || (authenticated && nowMs < expiresAtMs);
    }

    boolean authenticated() {
        return authenticated;
    }

    SaslHandlers.Pending sasl() {
        return sasl;
    }

    void startSasl(SaslHandlers.Pending exchange) {
        this.sasl = exchange;
    }

    void authenticated(KafkaPrincipal who, long expiresAtMs) {
        this.principal = who;
        this.expiresAtMs = expiresAtMs;
        this.authenticated = true;
        this.sasl = null;
    }

    /** The connection is closed once the response being written is out (failed authentication, refused request). */
    void close() {
        this.sasl = null;
        this.closing = true;
    }

    public boolean closing() {
        return closing;
    }
}
