package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import dev.tributary.functions.security.SecuredServer.Reply;
import org.junit.jupiter.api.Test;

/** Kafka's ACL rules on the HTTP API: prefixed and literal names, deny wins, filtered listings. */
class AclAuthorizationTest {
    private static final SecuredServer SECURED = SecuredServer.shared();

    private static String unique(String prefix) {
        return prefix + TestServer.uniqueTopic().substring(5);
    }

    private static void create(String topic) {
        assertThat(SECURED.admin("POST", "/v1/topics", "{\"name\":\"" + topic + "\",\"partitions\":1}").status()).isEqualTo(201);
    }

    private static int produce(String key, String topic) {
        return SECURED.call("POST", "/v1/topics/" + topic + "/records", key, "{\"records\":[{\"value\":\"v\"}]}").status();
    }

    private static int read(String key, String topic) {
        return SECURED.call("GET", "/v1/topics/" + topic + "/partitions/0/records?offset=0", key, null).status();
    }

    @Test
    void prefixedAllow_coversEveryTopicWithThePrefix_andNothingElse() {
        String prefix = unique("team-a-");
        String mine = prefix + "orders";
        String other = unique("team-b-");
        create(mine);
        create(other);
        String alice = SECURED.keyFor("User:acl-alice");
        SECURED.allow("User:acl-alice", "TOPIC", prefix, "PREFIXED", "READ");

        assertThat(read(alice, mine)).isEqualTo(200);
        assertThat(read(alice, other)).isEqualTo(403);
        assertThat(produce(alice, mine)).as("READ does not imply WRITE").isEqualTo(403);
        assertThat(SECURED.call("GET", "/v1/topics/" + mine, alice, null).status()).as("READ implies DESCRIBE").isEqualTo(200);
    }

    @Test
    void deny_winsOverAllow() {
        String open = unique("shared-");
        String secret = open + "-secret";
        create(open);
        create(secret);
        String bob = SECURED.keyFor("User:acl-bob");
        SECURED.allow("User:acl-bob", "TOPIC", "*", "LITERAL", "ALL");
        SECURED.acl("User:acl-bob", "TOPIC", secret, "LITERAL", "WRITE", "DENY");

        assertThat(produce(bob, open)).isEqualTo(200);
        assertThat(produce(bob, secret)).isEqualTo(403);
        assertThat(read(bob, secret)).as("only WRITE is denied").isEqualTo(200);
        assertThat(SECURED.admin("GET", "/v1/topics/" + secret, null).body().at("/partitions/0/latestOffset").asLong()).isZero();

        SECURED.acl("User:*", "TOPIC", open, "LITERAL", "ALL", "DENY");
        assertThat(read(bob, open)).as("a wildcard-principal deny applies to everyone").isEqualTo(403);
    }

    @Test
    void topicListing_showsOnlyDescribableTopics() {
        String visible = unique("seen-");
        String hidden = unique("unseen-");
        create(visible);
        create(hidden);
        String carol = SECURED.keyFor("User:acl-carol");
        SECURED.allow("User:acl-carol", "TOPIC", visible, "LITERAL", "DESCRIBE");

        String listing = SECURED.call("GET", "/v1/topics", carol, null).body().toString();
        assertThat(listing).contains(visible).doesNotContain(hidden);
    }

    @Test
    void removingAnAcl_takesAccessAway() {
        String topic = unique("revoked-");
        create(topic);
        String dave = SECURED.keyFor("User:acl-dave");
        SECURED.allow("User:acl-dave", "TOPIC", topic, "LITERAL", "READ");
        assertThat(read(dave, topic)).isEqualTo(200);

        Reply removed = SECURED.admin("DELETE", "/v1/acls?principal=User:acl-dave&resourceType=TOPIC&resourceName=" + topic
                + "&patternType=LITERAL&operation=READ&permission=ALLOW", null);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(read(dave, topic)).isEqualTo(403);
        assertThat(SECURED.admin("DELETE", "/v1/acls?principal=User:acl-dave&resourceType=TOPIC&resourceName=" + topic
                + "&patternType=LITERAL&operation=READ&permission=ALLOW", null).status()).isEqualTo(404);
    }

    @Test
    void groupOffsetCommit_needsReadOnTheGroupAndTheTopic() {
        String topic = unique("grp-topic-");
        String group = unique("grp-");
        create(topic);
        String erin = SECURED.keyFor("User:acl-erin");
        String commit = "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":0}]}";
        SECURED.allow("User:acl-erin", "GROUP", group, "LITERAL", "READ");

        Reply withoutTopic = SECURED.call("POST", "/v1/groups/" + group + "/offsets", erin, commit);
        assertThat(withoutTopic.status()).isEqualTo(403);
        assertThat(withoutTopic.body().get("resourceType").asText()).isEqualTo("TOPIC");

        SECURED.allow("User:acl-erin", "TOPIC", topic, "LITERAL", "READ");
        assertThat(SECURED.call("POST", "/v1/groups/" + group + "/offsets", erin, commit).status()).isNotEqualTo(403);
    }

    @Test
    void joiningAGroup_needsDescribeOnEverySubscribedTopic() {
        String topic = unique("sub-topic-");
        String group = unique("sub-grp-");
        create(topic);
        String frank = SECURED.keyFor("User:acl-frank");
        SECURED.allow("User:acl-frank", "GROUP", group, "LITERAL", "READ");
        String join = "{\"topics\":[\"" + topic + "\"],\"sessionTimeoutMs\":10000,\"rebalanceTimeoutMs\":30000}";

        Reply refused = SECURED.call("POST", "/v1/groups/" + group + "/heartbeat", frank, join);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("resourceName").asText()).isEqualTo(topic);
        assertThat(SECURED.admin("GET", "/v1/groups/" + group, null).status()).as("nobody joined").isEqualTo(404);

        SECURED.allow("User:acl-frank", "TOPIC", topic, "LITERAL", "READ");
        assertThat(SECURED.call("POST", "/v1/groups/" + group + "/heartbeat", frank, join).status()).isEqualTo(200);
    }

    @Test
    void invalidAcls_are400_andNothingIsStored() {
        int before = SECURED.admin("GET", "/v1/acls", null).body().get("acls").size();
        String[] bad = {
            acl("alice", "TOPIC", "t", "LITERAL", "READ", "ALLOW"),
            acl("User:alice", "QUEUE", "t", "LITERAL", "READ", "ALLOW"),
            acl("User:alice", "TOPIC", "t", "REGEX", "READ", "ALLOW"),
            acl("User:alice", "TOPIC", "*", "PREFIXED", "READ", "ALLOW"),
            acl("User:alice", "TOPIC", "bad name", "LITERAL", "READ", "ALLOW"),
            acl("User:alice", "TOPIC", "..", "LITERAL", "READ", "ALLOW"),
            acl("User:alice", "GROUP", "g", "LITERAL", "WRITE", "ALLOW"),
            acl("User:alice", "CLUSTER", "other", "LITERAL", "ALTER", "ALLOW"),
            acl("User:alice", "TOPIC", "t", "LITERAL", "FLY", "ALLOW"),
            acl("User:alice", "TOPIC", "t", "LITERAL", "READ", "MAYBE"),
            "{\"principal\":\"User:alice\"}",
        };
        for (String body : bad) {
            Reply r = SECURED.admin("POST", "/v1/acls", body);
            assertThat(r.status()).as(body + " -> " + r.raw().body()).isEqualTo(400);
            assertThat(r.errorCode()).isIn("INVALID_REQUEST", "INVALID_TOPIC_NAME");
        }
        assertThat(SECURED.admin("GET", "/v1/acls", null).body().get("acls")).hasSize(before);
    }

    @Test
    void aPrincipalCannotGrantItselfRights() {
        String mallory = SECURED.keyFor("User:acl-mallory");
        SECURED.allow("User:acl-mallory", "TOPIC", "*", "LITERAL", "ALL");

        Reply r = SECURED.call("POST", "/v1/acls", mallory, acl("User:acl-mallory", "CLUSTER", "kafka-cluster", "LITERAL",
                "ALTER", "ALLOW"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(SECURED.admin("GET", "/v1/acls?principal=User:acl-mallory", null).body().get("acls")).hasSize(1);
    }

    private static String acl(String principal, String type, String name, String pattern, String op, String perm) {
        return String.format("{\"principal\":\"%s\",\"resourceType\":\"%s\",\"resourceName\":\"%s\",\"patternType\":\"%s\","
                + "\"operation\":\"%s\",\"permission\":\"%s\"}", principal, type, name, pattern, op, perm);
    }
}
