package dev.tributary.reliability.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.util.List;

/** Reads the groups' stored committed offsets every so often, for the committed-offsets-never-go-back check. */
public final class CommittedObserver extends Worker {
    private final List<URI> endpoints;
    private final List<String> groups;
    private final Http http;

    public CommittedObserver(String name, History history, List<URI> endpoints, List<String> groups, Http http) {
        super(name, history);
        this.endpoints = List.copyOf(endpoints);
        this.groups = List.copyOf(groups);
        this.http = http;
    }

    @Override
    protected void work() {
        for (int i = 0; running(); i++) {
            for (String group : groups) {
                long invoked = history.tick();
                Http.Response r = http.get(endpoints.get(i % endpoints.size()), "/v1/groups/" + group + "/offsets");
                if (r.ok()) {
                    for (JsonNode o : r.body().path("offsets")) {
                        history.record(s -> new Event.CommittedObserved(s, name, group, o.path("topic").asText(),
                                o.path("partition").asInt(), o.path("offset").asLong(), invoked));
                    }
                }
            }
            pause(500);
        }
    }
}
