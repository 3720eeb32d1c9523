package dev.tributary.reliability.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A conditional-append writer over plain HTTP: reads where a one-partition topic ends, then
 * appends 1 or 2 records with {@code expectedOffset} set to that end, racing the other append
 * writers (and the faults). 200 = stored at exactly the expected offsets; 409
 * {@code OFFSET_MISMATCH} = definitely not stored; anything else = unknown.
 */
public final class ConditionalAppendWorker extends Worker {
    private final List<URI> endpoints;
    private final String topic;
    private final long pauseMs;
    private final Http http;

    public ConditionalAppendWorker(String name, History history, List<URI> endpoints, String topic, long pauseMs, Http http) {
        super(name, history);
        this.endpoints = List.copyOf(endpoints);
        this.topic = topic;
        this.pauseMs = pauseMs;
        this.http = http;
    }

    @Override
    protected void work() {
        long n = 0;
        for (int request = 0; running(); request++) {
            URI endpoint = endpoints.get(request % endpoints.size());
            Http.Response end = http.get(endpoint, "/v1/topics/" + topic + "/partitions/0/offsets?at=latest");
            if (!end.ok() || end.body() == null) {
                pause(pauseMs);
                continue;
            }
            long expected = end.body().path("offset").asLong();
            int count = 1 + (int) (n % 2);
            List<String> values = new ArrayList<>();
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String value = name + "-" + n++;
                values.add(value);
                records.add(Map.of("value", value, "partition", 0));
                history.record(s -> new Event.SendInvoked(s, name, topic, 0, value));
            }
            history.record(s -> new Event.AppendInvoked(s, name, topic, 0, expected, List.copyOf(values)));
            Http.Response r = http.post(endpoint, "/v1/topics/" + topic + "/records",
                    Map.of("records", records, "expectedOffset", expected));
            JsonNode offsets = r.body() == null ? null : r.body().get("offsets");
            for (int i = 0; i < count; i++) {
                String value = values.get(i);
                if (r.ok() && offsets != null && offsets.size() == count) {
                    long offset = offsets.get(i).get("offset").asLong();
                    history.record(s -> new Event.SendAcked(s, name, topic, 0, offset, value));
                } else if (r.definiteFailure()) {
                    history.record(s -> new Event.SendFailed(s, name, topic, value, r.describe()));
                } else {
                    history.record(s -> new Event.SendAmbiguous(s, name, topic, value, r.describe()));
                }
            }
            pause(pauseMs);
        }
    }
}
