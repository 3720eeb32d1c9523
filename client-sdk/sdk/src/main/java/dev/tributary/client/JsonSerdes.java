package dev.tributary.client;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The mapper behind {@link Serializers#json()} and {@link Deserializers#json(Class)}. */
final class JsonSerdes {
    /** Thread-safe once configured; never reconfigured. */
    static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper();

    private JsonSerdes() {
    }
}
