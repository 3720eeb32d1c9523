package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import dev.tributary.functions.security.Principal;
import dev.tributary.functions.security.Quotas;
import dev.tributary.storage.QuotaStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Real kafka-clients (4.x) over SASL_PLAINTEXT against the gateway with authentication on:
 * PLAIN with API keys, OAUTHBEARER with JWTs from a test issuer, and the HTTP API's ACLs
 * applied to every request.
 */
class SaslTest {
    private static final SecuredGatewayStack STACK = SecuredGatewayStack.shared();
    private static final String ADMIN_KEY = STACK.apiKey("admin");

    static Admin admin(Properties p) {
        return Admin.create(p);
    }

    static KafkaProducer<String, String> producer(Properties p) {
        p.put("acks", "all");
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(Properties p) {
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    static String createTopic(int partitions) throws Exception {
        String topic = SecuredGatewayStack.uniqueName("sasl");
        try (Admin admin = admin(STACK.plain(ADMIN_KEY))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        return topic;
    }

    static long endOffset(String topic) throws Exception {
        try (Admin admin = admin(STACK.plain(ADMIN_KEY))) {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest())).all().get()
                    .get(new TopicPartition(topic, 0)).offset();
        }
    }

    @Test
    void plain_apiKeyWithAcls_producesAndConsumesInAGroup_asItsPrincipal() throws Exception {
        String topic = createTopic(1);
        String group = SecuredGatewayStack.uniqueName("group");
        STACK.allow("alice", "TOPIC", topic, "WRITE");
        STACK.allow("alice", "TOPIC", topic, "READ");
        STACK.allow("alice", "GROUP", group, "READ");
        String key = STACK.apiKey("alice");
        Properties p = STACK.plain(key);
        p.put("enable.idempotence", "true");
        try (KafkaProducer<String, String> producer = producer(p)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
        Properties c = STACK.plain(key);
        c.put("group.id", group);
        try (KafkaConsumer<String, String> consumer = consumer(c)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = GatewayStack.readAll(consumer, 3);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("v0", "v1", "v2");
            consumer.commitSync();
            assertThat(consumer.committed(Set.of(new TopicPartition(topic, 0))).get(new TopicPartition(topic, 0)).offset())
                    .isEqualTo(3);
        }
    }

    @Test
    void plain_unknownRevokedOrMalformedKey_failsAuthentication_andStoresNothing() throws Exception {
        String topic = createTopic(1);
        String unknown = "trb_" + "A".repeat(43);
        try (KafkaProducer<String, String> producer = producer(STACK.plain(unknown))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, "k", "v")).get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("not known");
        }
        String revoked = STACK.apiKey("trent");
        STACK.context.getBean(dev.tributary.functions.security.ApiKeys.class)
                .revoke(dev.tributary.functions.security.ApiKeys.keyId(revoked));
        try (Admin admin = admin(STACK.plain(revoked))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("revoked");
        }
        try (Admin admin = admin(STACK.plain("not-a-key"))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("malformed");
        }
        assertThat(endOffset(topic)).isZero();
    }

    @Test
    void plain_keyWithoutAcls_isRefusedPerResource_andStoresNothing() throws Exception {
        String topic = createTopic(1);
        String key = STACK.apiKey("mallory");
        Properties p = STACK.plain(key);
        p.put("enable.idempotence", "false");
        try (KafkaProducer<String, String> producer = producer(p)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, "k", "v")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> consumer = consumer(STACK.plain(key))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin admin = admin(STACK.plain(key))) {
            assertThatThrownBy(() -> admin.deleteTopics(List.of(topic)).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            TopicPartition p0 = new TopicPartition(topic, 0);
            assertThatThrownBy(() -> admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(-1))).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(SecuredGatewayStack.uniqueName("sasl"), 1,
                    (short) 1))).all().get()).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(endOffset(topic)).isZero();
        try (Admin admin = admin(STACK.plain(ADMIN_KEY))) {
            assertThat(admin.listTopics().names().get()).contains(topic);
        }
    }

    @Test
    void plain_readOnTopicButNotOnGroup_isRefusedTheGroup() throws Exception {
        String topic = createTopic(1);
        STACK.allow("oscar", "TOPIC", topic, "READ");
        Properties c = STACK.plain(STACK.apiKey("oscar"));
        c.put("group.id", SecuredGatewayStack.uniqueName("group"));
        try (KafkaConsumer<String, String> consumer = consumer(c)) {
            consumer.subscribe(List.of(topic));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void quota_overItsProduceQuota_aPrincipalIsServed_andThrottledAsKafkaThrottles() throws Exception {
        String topic = createTopic(1);
        STACK.allow("quinn", "TOPIC", topic, "WRITE");
        STACK.context.getBean(Quotas.class).setOverride(new Principal("User", "quinn"),
                new QuotaStore.QuotaLimits(1_000L, null, null));
        Properties p = STACK.plain(STACK.apiKey("quinn"));
        p.put("enable.idempotence", "false");
        try (KafkaProducer<String, String> producer = producer(p)) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "x".repeat(20_000))).get();
            double throttledMs = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("produce-throttle-time-max"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .filter(v -> !Double.isNaN(v)).max().orElse(0);
            assertThat(throttledMs).isGreaterThan(1_000);
        }
        assertThat(endOffset(topic)).isEqualTo(1);
    }

    @Test
    void metadata_listsOnlyTopicsThePrincipalMayDescribe() throws Exception {
        String visible = createTopic(1);
        String hidden = createTopic(1);
        STACK.allow("dave", "TOPIC", visible, "DESCRIBE");
        try (Admin admin = admin(STACK.plain(STACK.apiKey("dave")))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains(visible).doesNotContain(hidden);
            assertThatThrownBy(() -> admin.describeTopics(List.of(hidden)).allTopicNames().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void oauthBearer_validToken_producesAndReads_asTheTokensSubject() throws Exception {
        String topic = createTopic(1);
        STACK.allow("carol", "TOPIC", topic, "WRITE");
        STACK.allow("carol", "TOPIC", topic, "READ");
        String token = STACK.token("carol", Duration.ofHours(1));
        try (KafkaProducer<String, String> producer = producer(STACK.oauthBearer(token))) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "from-carol")).get();
        }
        try (KafkaConsumer<String, String> consumer = consumer(STACK.oauthBearer(token))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThat(GatewayStack.readAll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("from-carol");
        }
        // The same subject without its ACL on another topic is refused.
        String other = createTopic(1);
        Properties p = STACK.oauthBearer(token);
        p.put("enable.idempotence", "false");
        try (KafkaProducer<String, String> producer = producer(p)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(other, 0, "k", "v")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(endOffset(other)).isZero();
    }

    @Test
    void oauthBearer_expiredOrForeignToken_failsAuthentication() {
        for (String token : List.of(STACK.token("carol", Duration.ofHours(-1)), SecuredGatewayStack.foreignToken("carol"))) {
            try (Admin admin = admin(STACK.oauthBearer(token))) {
                assertThatThrownBy(() -> admin.listTopics().names().get())
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void rawConnection_beforeAuthentication_onlySaslIsServed_andTheSessionLifetimeIsTheTokensTimeLeft() throws Exception {
        try (RawKafkaConnection c = new RawKafkaConnection(STACK.gateway.port())) {
            assertThat(c.apiVersions().data().apiKeys().find(org.apache.kafka.common.protocol.ApiKeys.SASL_HANDSHAKE.id))
                    .isNotNull();
            MetadataResponse refused = c.call(new MetadataRequest.Builder(new MetadataRequestData().setTopics(null))
                    .build((short) 12));
            assertThat(refused.topLevelError()).isIn(Errors.NONE, Errors.SASL_AUTHENTICATION_FAILED);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawKafkaConnection c = new RawKafkaConnection(STACK.gateway.port())) {
            SaslHandshakeResponse unknown = c.call(new SaslHandshakeRequest.Builder(
                    new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-512")).build((short) 1));
            assertThat(unknown.error()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
            assertThat(unknown.data().mechanisms()).containsExactly("PLAIN", "OAUTHBEARER");
        }
        try (RawKafkaConnection c = new RawKafkaConnection(STACK.gateway.port())) {
            SaslHandshakeResponse handshake = c.call(new SaslHandshakeRequest.Builder(
                    new SaslHandshakeRequestData().setMechanism("OAUTHBEARER")).build((short) 1));
            assertThat(handshake.error()).isEqualTo(Errors.NONE);
            String message = "n,,\u0001auth=Bearer " + STACK.token("erin", Duration.ofMinutes(10)) + "\u0001\u0001";
            SaslAuthenticateResponse done = c.call(new SaslAuthenticateRequest.Builder(new SaslAuthenticateRequestData()
                    .setAuthBytes(message.getBytes(StandardCharsets.UTF_8))).build((short) 2));
            assertThat(done.error()).isEqualTo(Errors.NONE);
            assertThat(done.data().sessionLifetimeMs()).isBetween(1L, Duration.ofMinutes(10).toMillis());
            MetadataResponse metadata = c.call(new MetadataRequest.Builder(new MetadataRequestData().setTopics(null))
                    .build((short) 12));
            assertThat(metadata.topicMetadata()).isEmpty(); // erin may describe nothing
        }
    }
}
