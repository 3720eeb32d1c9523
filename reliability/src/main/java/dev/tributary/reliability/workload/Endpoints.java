package dev.tributary.reliability.workload;

import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * Calls that must eventually get an answer from some instance while instances are killed,
 * paused or faulty: tries each endpoint in turn until one answers without a transport error or
 * 5xx, or the attempts run out. Stateless and thread-safe.
 */
public final class Endpoints {
    private Endpoints() {
    }

    public static Http.Response untilAnswered(List<URI> endpoints, int attempts, Function<URI, Http.Response> call) {
        Http.Response last = null;
        for (int i = 0; i < attempts; i++) {
            last = call.apply(endpoints.get(i % endpoints.size()));
            if (last.status() != 0 && last.status() < 500) {
                return last;
            }
            Worker.pause(Math.min(1000, 50L * (i + 1)));
        }
        return last;
    }
}
