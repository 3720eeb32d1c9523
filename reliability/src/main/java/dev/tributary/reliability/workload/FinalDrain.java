package dev.tributary.reliability.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.util.List;

/**
 * After the workload, reads every partition from its earliest offset to its end over plain HTTP
 * JSON, so that the checker can tell lost records from records nobody happened to read.
 */
public final class FinalDrain {
    private static final int ATTEMPTS = 60;

    private FinalDrain() {
    }

    /**
     * Reads everything.
     *
     * @throws IllegalStateException if a partition cannot be read to its end
     */
    public static void run(History history, Http http, List<URI> endpoints, String topic, int partitions) {
        Http.Response described = Endpoints.untilAnswered(endpoints, ATTEMPTS, e -> http.get(e, "/v1/topics/" + topic));
        if (!described.ok()) {
            throw new IllegalStateException("cannot describe " + topic + " for the final read: " + described.describe());
        }
        for (int p = 0; p < partitions; p++) {
            JsonNode info = described.body().path("partitions").get(p);
            long earliest = info.path("earliestOffset").asLong();
            long end = info.path("latestOffset").asLong();
            int partition = p;
            history.record(s -> new Event.ReadStarted(s, "final-drain", topic, partition, earliest));
            long offset = earliest;
            while (offset < end) {
                long from = offset;
                Http.Response r = Endpoints.untilAnswered(endpoints, ATTEMPTS, e -> http.get(e, "/v1/topics/" + topic
                        + "/partitions/" + partition + "/records?offset=" + from + "&maxRecords=1000"));
                if (!r.ok()) {
                    throw new IllegalStateException("final read of " + topic + "/" + partition + " at " + from + ": " + r.describe());
                }
                for (JsonNode record : r.body().path("records")) {
                    long o = record.path("offset").asLong();
                    String value = record.path("value").asText();
                    history.record(s -> new Event.Read(s, "final-drain", topic, partition, o, value));
                }
                long next = r.body().path("nextOffset").asLong();
                if (next <= offset) {
                    throw new IllegalStateException("final read of " + topic + "/" + partition + " stuck at " + offset);
                }
                offset = next;
            }
        }
    }
}
