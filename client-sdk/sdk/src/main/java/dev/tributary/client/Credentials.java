package dev.tributary.client;

import java.util.Map;

/**
 * What a client sends to prove who it is. A placeholder for the service's authentication:
 * today only {@link #none()} (the anonymous principal of an unauthenticated local service).
 * Implementations are immutable and thread-safe.
 */
public interface Credentials {

    /** The HTTP headers that carry these credentials; empty for none. */
    Map<String, String> headers();

    /** No credentials: the anonymous principal. */
    static Credentials none() {
        return Map::of;
    }
}
