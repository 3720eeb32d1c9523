package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.functions.TestServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Consumer groups over HTTP, with a hand-moved clock so session expiry needs no sleeping. */
class GroupsApiTest {
    private static TestServer server;
    private static MutableClock clock;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("test.mutable-clock", true));
        clock = server.context().getBean(MutableClock.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A well-behaved member: reports what it was last given, revokes at once. */
    final class Member {
        final String group;
        final String topic;
        String id;
        int epoch;
        Set<Integer> owned = new TreeSet<>();

        Member(String group, String topic) {
            this.group = group;
            this.topic = topic;
            Response r = server.post("/v1/groups/" + group + "/heartbeat",
                    Map.of("topics", List.of(topic), "sessionTimeoutMs", 10_000, "rebalanceTimeoutMs", 30_000));
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            apply(r.body());
        }

        Response beat() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("memberId", id);
            body.put("memberEpoch", epoch);
            body.put("ownedPartitions", List.of(Map.of("topic", topic, "partitions", new ArrayList<>(owned))));
            Response r = server.post("/v1/groups/" + group + "/heartbeat", body);
            if (r.status() == 200) {
                apply(r.body());
            }
            return r;
        }

        Response commit(int partition, long offset, int withEpoch) {
            return server.post("/v1/groups/" + group + "/offsets", Map.of("memberId", id, "memberEpoch", withEpoch,
                    "offsets", List.of(Map.of("topic", topic, "partition", partition, "offset", offset, "metadata", "m"))));
        }

        private void apply(JsonNode body) {
            id = body.get("memberId").asText();
            epoch = body.get("memberEpoch").asInt();
            owned = new TreeSet<>();
            for (JsonNode a : body.get("assignment")) {
                a.get("partitions").forEach(p -> owned.add(p.asInt()));
            }
            assertThat(body.get("heartbeatIntervalMs").asLong()).isPositive();
        }
    }

    private static String group() {
        return "grp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Heartbeats every member until the group is stable; checks ownership after every beat. */
    private void settle(String group, List<Member> members) {
        for (int round = 0; round < 20; round++) {
            for (Member m : members) {
                assertThat(m.beat().status()).isEqualTo(200);
                assertExclusive(members);
            }
            if (server.get("/v1/groups/" + group).body().get("state").asText().equals("Stable")) {
                return;
            }
        }
        throw new AssertionError("group did not settle: " + server.get("/v1/groups/" + group).raw().body());
    }

    private static void assertExclusive(List<Member> members) {
        Set<Integer> seen = new HashSet<>();
        for (Member m : members) {
            for (int p : m.owned) {
                assertThat(seen.add(p)).as("partition %s owned twice", p).isTrue();
            }
        }
    }

    private static Map<Integer, String> owners(List<Member> members) {
        Map<Integer, String> out = new HashMap<>();
        members.forEach(m -> m.owned.forEach(p -> out.put(p, m.id)));
        return out;
    }

    @Test
    void threeMembers_crash_join_rebalanceCooperativelyWithMinimalMovement() {
        String topic = server.createTopic(12);
        String group = group();
        List<Member> members = new ArrayList<>(List.of(new Member(group, topic), new Member(group, topic), new Member(group, topic)));
        settle(group, members);
        assertThat(owners(members)).hasSize(12);
        members.forEach(m -> assertThat(m.owned).hasSize(4));
        JsonNode described = server.get("/v1/groups/" + group).body();
        assertThat(described.get("members")).hasSize(3);
        assertThat(described.get("assignment")).hasSize(12);
        described.get("assignment").forEach(a -> assertThat(a.get("memberId").asText()).isEqualTo(a.get("targetMemberId").asText()));

        // One member crashes: it stops heartbeating. The others keep going; after its session ends its partitions move.
        Member dead = members.remove(2);
        Set<Integer> orphaned = new TreeSet<>(dead.owned);
        Map<Integer, String> before = owners(members);
        clock.advance(Duration.ofSeconds(6));
        members.forEach(Member::beat);
        clock.advance(Duration.ofSeconds(6));
        settle(group, members);
        assertThat(owners(members)).hasSize(12);
        members.forEach(m -> assertThat(m.owned).hasSize(6));
        before.forEach((p, owner) -> assertThat(owners(members).get(p)).as("survivors keep theirs").isEqualTo(owner));
        assertThat(orphaned).allSatisfy(p -> assertThat(owners(members)).containsKey(p));

        // The zombie comes back: it can neither commit nor heartbeat.
        Response zombieCommit = dead.commit(orphaned.iterator().next(), 0, dead.epoch);
        assertThat(zombieCommit.status()).isEqualTo(404);
        assertThat(zombieCommit.errorCode()).isEqualTo("UNKNOWN_MEMBER");
        assertThat(dead.beat().errorCode()).isEqualTo("UNKNOWN_MEMBER");

        // A fourth member joins: 12/3 = 4 each, so exactly 4 partitions move, all to the newcomer.
        Map<Integer, String> beforeJoin = owners(members);
        members.add(new Member(group, topic));
        members.add(new Member(group, topic));
        settle(group, members);
        members.forEach(m -> assertThat(m.owned).hasSize(3));
        Map<Integer, String> afterJoin = owners(members);
        long moved = beforeJoin.entrySet().stream().filter(e -> !e.getValue().equals(afterJoin.get(e.getKey()))).count();
        assertThat(moved).isEqualTo(6);
    }

    @Test
    void offsets_commitFencingLagAndDeletion() {
        String topic = server.createTopic(2);
        server.post("/v1/topics/" + topic + "/records", Map.of("records",
                List.of(Map.of("value", "a", "partition", 0), Map.of("value", "b", "partition", 0), Map.of("value", "c", "partition", 0))));
        String group = group();
        Member m = new Member(group, topic);
        m.beat();
        int oldEpoch = m.epoch;
        Response ok = m.commit(0, 1, m.epoch);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        assertThat(ok.body().at("/offsets/0/offset").asLong()).isEqualTo(1);

        assertThat(m.commit(0, 4, m.epoch).errorCode()).isEqualTo("OFFSET_OUT_OF_RANGE");
        assertThat(m.commit(0, -1, m.epoch).errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(m.commit(7, 0, m.epoch).errorCode()).isEqualTo("PARTITION_NOT_FOUND");

        Response lag = server.get("/v1/groups/" + group + "/offsets");
        assertThat(lag.status()).isEqualTo(200);
        JsonNode o = lag.body().get("offsets").get(0);
        assertThat(o.get("topic").asText()).isEqualTo(topic);
        assertThat(o.get("partition").asInt()).isZero();
        assertThat(o.get("offset").asLong()).isEqualTo(1);
        assertThat(o.get("metadata").asText()).isEqualTo("m");
        assertThat(o.get("logEndOffset").asLong()).isEqualTo(3);
        assertThat(o.get("lag").asLong()).isEqualTo(2);
        assertThat(server.get("/v1/groups/" + group).body().at("/offsets/0/lag").asLong()).isEqualTo(2);

        // A rejoin (after being fenced) raises the epoch: commits at the old one are refused.
        Response rejoin = server.post("/v1/groups/" + group + "/heartbeat", Map.of("memberId", m.id, "memberEpoch", 0,
                "topics", List.of(topic)));
        assertThat(rejoin.status()).isEqualTo(200);
        m.epoch = rejoin.body().get("memberEpoch").asInt();
        assertThat(m.epoch).isGreaterThan(oldEpoch);
        Response fenced = m.commit(0, 2, oldEpoch);
        assertThat(fenced.status()).isEqualTo(409);
        assertThat(fenced.errorCode()).isEqualTo("FENCED_MEMBER_EPOCH");
        assertThat(m.commit(0, 2, 9_999).errorCode()).isEqualTo("FENCED_MEMBER_EPOCH");

        // Offsets cannot be deleted, nor committed without membership, while the group has members.
        assertThat(server.delete("/v1/groups/" + group + "/offsets").errorCode()).isEqualTo("GROUP_NOT_EMPTY");
        Response simple = server.post("/v1/groups/" + group + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 1, "offset", 0))));
        assertThat(simple.errorCode()).isEqualTo("UNKNOWN_MEMBER");

        Response left = server.post("/v1/groups/" + group + "/heartbeat", Map.of("memberId", m.id, "memberEpoch", -1));
        assertThat(left.body().get("memberEpoch").asInt()).isEqualTo(-1);
        assertThat(server.get("/v1/groups/" + group).body().get("state").asText()).isEqualTo("Empty");
        assertThat(server.post("/v1/groups/" + group + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 1, "offset", 0)))).status()).isEqualTo(200);
        assertThat(server.get("/v1/groups/" + group + "/offsets").body().get("offsets")).hasSize(2);
        Response deleted = server.delete("/v1/groups/" + group + "/offsets?topic=" + topic);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("deleted").asInt()).isEqualTo(2);
        assertThat(server.get("/v1/groups/" + group + "/offsets").body().get("offsets")).isEmpty();

        Response list = server.get("/v1/groups");
        assertThat(list.body().get("groups").findValuesAsText("group")).contains(group);
    }

    @Test
    void standaloneCommit_createsTheGroup() {
        String topic = server.createTopic(1);
        String group = group();
        assertThat(server.get("/v1/groups/" + group).errorCode()).isEqualTo("GROUP_NOT_FOUND");
        assertThat(server.get("/v1/groups/" + group + "/offsets").errorCode()).isEqualTo("GROUP_NOT_FOUND");
        Response r = server.post("/v1/groups/" + group + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 0))));
        assertThat(r.status()).isEqualTo(200);
        JsonNode g = server.get("/v1/groups/" + group).body();
        assertThat(g.get("state").asText()).isEqualTo("Empty");
        assertThat(g.at("/offsets/0/lag").asLong()).isZero();
    }

    @Test
    void badInput_isRefusedAndChangesNothing() {
        String topic = server.createTopic(1);
        String group = group();
        String hb = "/v1/groups/" + group + "/heartbeat";
        assertThat(server.post(hb, "{not json").errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(server.post(hb, Map.of()).errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(server.post(hb, Map.of("topics", List.of(topic), "sessionTimeoutMs", 10)).errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(server.post(hb, Map.of("topics", List.of(topic), "memberEpoch", 3)).errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(server.post(hb, Map.of("topics", List.of("bad name"))).errorCode()).isEqualTo("INVALID_TOPIC_NAME");
        assertThat(server.post(hb, Map.of("topics", List.of(topic), "ownedPartitions", "x")).errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(server.post("/v1/groups/bad%20group/heartbeat", Map.of("topics", List.of(topic))).errorCode())
                .isEqualTo("INVALID_REQUEST");
        assertThat(server.post("/v1/groups/" + group + "/offsets", Map.of("offsets", List.of())).errorCode())
                .isEqualTo("INVALID_REQUEST");
        assertThat(server.post(hb, Map.of("memberId", "nobody", "memberEpoch", 5)).errorCode()).isEqualTo("UNKNOWN_MEMBER");
        Response problem = server.get("/v1/groups/" + group);
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.contentType()).startsWith("application/problem+json");
        assertThat(problem.errorCode()).isEqualTo("GROUP_NOT_FOUND");
    }

    @Test
    void unknownTopic_isAcceptedAndReported() {
        String group = group();
        String missing = TestServer.uniqueTopic();
        Response r = server.post("/v1/groups/" + group + "/heartbeat", Map.of("topics", List.of(missing)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("assignment")).isEmpty();
        assertThat(r.body().get("unknownTopics").get(0).asText()).isEqualTo(missing);

        // Once it exists, the next heartbeat gets its partitions.
        assertThat(server.post("/v1/topics", Map.of("name", missing, "partitions", 2)).status()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(2)); // past the topic cache
        Response next = server.post("/v1/groups/" + group + "/heartbeat", Map.of("memberId", r.body().get("memberId").asText(),
                "memberEpoch", r.body().get("memberEpoch").asInt()));
        assertThat(next.body().at("/assignment/0/partitions")).hasSize(2);
        assertThat(next.body().get("unknownTopics")).isEmpty();
    }

    @Test
    void growingTheTopic_assignsTheNewPartitions() {
        String topic = server.createTopic(2);
        String group = group();
        Member a = new Member(group, topic);
        assertThat(a.owned).containsExactly(0, 1);
        assertThat(server.post("/v1/topics/" + topic + "/partitions", Map.of("count", 4)).status()).isEqualTo(200);
        a.beat();
        assertThat(a.owned).containsExactly(0, 1, 2, 3);
    }
}
