package dev.tributary.reliability.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A paused-and-resumed group member, over the raw HTTP group protocol: member A joins and owns
 * every partition, commits, then stops heartbeating (a process paused by SIGSTOP, a frozen
 * function); B joins and takes the partitions over once A's session has expired, and commits
 * further; then A wakes up and, believing it still owns its partitions, commits an older offset
 * with its old epoch. The service must refuse that commit. One round takes a little longer than
 * the session timeout.
 */
public final class ZombieMember {
    private static final int SESSION_TIMEOUT_MS = 6000;
    private static final int ATTEMPTS = 40;

    private final History history;
    private final Http http;
    private final List<URI> endpoints;
    private final String topic;
    private final String group;

    public ZombieMember(History history, Http http, List<URI> endpoints, String topic, String group) {
        this.history = history;
        this.http = http;
        this.endpoints = List.copyOf(endpoints);
        this.topic = topic;
        this.group = group;
    }

    /** One round; {@code round} makes the member ids unique. */
    public void runRound(int round) {
        Member a = new Member("zombie-a" + round);
        Member b = new Member("zombie-b" + round);
        List<Integer> owned = a.joinUntilAssigned(Long.MAX_VALUE);
        if (owned.isEmpty()) {
            return;
        }
        Map<Integer, Long> ends = logEnds();
        a.commit(owned, ends);
        for (int p : owned) {
            history.record(s -> new Event.Released(s, a.id, group, topic, p, "paused"));
        }
        long pausedAt = System.nanoTime();
        // B joins at once; it gets the partitions only once A's session has expired.
        b.joinUntilAssigned(pausedAt + 4L * SESSION_TIMEOUT_MS * 1_000_000);
        Map<Integer, Long> later = logEnds();
        b.commit(b.owned, later);
        // A wakes up and commits one less than it did before, under its old epoch.
        Map<Integer, Long> stale = new HashMap<>();
        ends.forEach((p, o) -> stale.put(p, Math.max(0, o - 1)));
        a.commit(owned, stale);
        b.leave();
    }

    private Map<Integer, Long> logEnds() {
        Http.Response r = Endpoints.untilAnswered(endpoints, ATTEMPTS, e -> http.get(e, "/v1/topics/" + topic));
        Map<Integer, Long> ends = new HashMap<>();
        if (r.ok()) {
            for (JsonNode p : r.body().path("partitions")) {
                ends.put(p.path("partition").asInt(), p.path("latestOffset").asLong());
            }
        }
        return ends;
    }

    private final class Member {
        final String id;
        long epoch;
        List<Integer> owned = new ArrayList<>();

        Member(String id) {
            this.id = id;
        }

        /** Heartbeats until it owns at least one partition or the deadline (nanoTime) passes; returns what it owns. */
        List<Integer> joinUntilAssigned(long deadlineNanos) {
            epoch = 0;
            while (System.nanoTime() < deadlineNanos) {
                Map<String, Object> body = new HashMap<>();
                body.put("memberId", id);
                body.put("memberEpoch", epoch);
                body.put("topics", List.of(topic));
                body.put("sessionTimeoutMs", SESSION_TIMEOUT_MS);
                body.put("ownedPartitions", List.of(Map.of("topic", topic, "partitions", owned)));
                Http.Response r = Endpoints.untilAnswered(endpoints, ATTEMPTS,
                        e -> http.post(e, "/v1/groups/" + group + "/heartbeat", body));
                if (!r.ok()) {
                    return List.of();
                }
                epoch = r.body().path("memberEpoch").asLong();
                List<Integer> assigned = new ArrayList<>();
                for (JsonNode t : r.body().path("assignment")) {
                    if (t.path("topic").asText().equals(topic)) {
                        t.path("partitions").forEach(p -> assigned.add(p.asInt()));
                    }
                }
                for (int p : assigned) {
                    if (!owned.contains(p)) {
                        history.record(s -> new Event.Assigned(s, id, group, topic, p));
                    }
                }
                owned = assigned;
                if (!owned.isEmpty()) {
                    return owned;
                }
                Worker.pause(Math.min(500, Math.max(50, r.body().path("heartbeatIntervalMs").asLong(500))));
            }
            return owned;
        }

        void commit(List<Integer> partitions, Map<Integer, Long> offsets) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int p : partitions) {
                entries.add(Map.of("topic", topic, "partition", p, "offset", offsets.getOrDefault(p, 0L)));
            }
            if (entries.isEmpty()) {
                return;
            }
            long invoked = history.tick();
            Http.Response r = Endpoints.untilAnswered(endpoints, ATTEMPTS, e -> http.post(e, "/v1/groups/" + group + "/offsets",
                    Map.of("memberId", id, "memberEpoch", epoch, "offsets", entries)));
            for (int p : partitions) {
                long offset = offsets.getOrDefault(p, 0L);
                if (r.ok()) {
                    history.record(s -> new Event.CommitAccepted(s, id, group, topic, p, offset, invoked));
                } else {
                    history.record(s -> new Event.CommitRejected(s, id, group, topic, p, offset, r.describe()));
                }
            }
        }

        void leave() {
            for (int p : owned) {
                history.record(s -> new Event.Released(s, id, group, topic, p, "left"));
            }
            Endpoints.untilAnswered(endpoints, ATTEMPTS, e -> http.post(e, "/v1/groups/" + group + "/heartbeat",
                    Map.of("memberId", id, "memberEpoch", -1)));
            owned = List.of();
        }
    }
}
