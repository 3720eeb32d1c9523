package dev.tributary.reliability.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A plain HTTP JSON producer: one request at a time, 1 to 3 records per request into a chosen
 * partition, each request to the next instance in turn. No retries: a 4xx is a definite
 * failure, anything else without an answer is ambiguous.
 */
public final class HttpProducerWorker extends Worker {
    private final List<URI> endpoints;
    private final String topic;
    private final int partitions;
    private final long pauseMs;
    private final Http http;
    private final Random random;

    public HttpProducerWorker(String name, History history, List<URI> endpoints, String topic, int partitions,
                              long pauseMs, Http http, long seed) {
        super(name, history);
        this.endpoints = List.copyOf(endpoints);
        this.topic = topic;
        this.partitions = partitions;
        this.pauseMs = pauseMs;
        this.http = http;
        this.random = new Random(seed);
    }

    @Override
    protected void work() {
        long n = 0;
        for (int request = 0; running(); request++) {
            int partition = random.nextInt(partitions);
            int count = 1 + random.nextInt(3);
            List<String> values = new ArrayList<>();
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String value = name + "-" + n++;
                values.add(value);
                records.add(Map.of("value", value, "partition", partition));
                history.record(s -> new Event.SendInvoked(s, name, topic, partition, value));
            }
            URI endpoint = endpoints.get(request % endpoints.size());
            Http.Response r = http.post(endpoint, "/v1/topics/" + topic + "/records", Map.of("records", records));
            JsonNode offsets = r.body() == null ? null : r.body().get("offsets");
            if (r.ok() && offsets != null && offsets.size() == count) {
                for (int i = 0; i < count; i++) {
                    JsonNode o = offsets.get(i);
                    String value = values.get(i);
                    history.record(s -> new Event.SendAcked(s, name, topic, o.get("partition").asInt(), o.get("offset").asLong(), value));
                }
            } else {
                for (String value : values) {
                    if (r.definiteFailure()) {
                        history.record(s -> new Event.SendFailed(s, name, topic, value, r.describe()));
                    } else {
                        history.record(s -> new Event.SendAmbiguous(s, name, topic, value, r.describe()));
                    }
                }
            }
            pause(pauseMs);
        }
    }
}
