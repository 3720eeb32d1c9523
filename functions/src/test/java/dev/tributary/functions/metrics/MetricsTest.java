package dev.tributary.functions.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Metrics move as traffic flows: the Prometheus scrape before and after a produce and a fetch. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");
    private final TestServer server = TestServer.shared();

    @Test
    void scrape_afterProduceAndFetch_showsTheTrafficPerTopicAndPerAwsCall() {
        String topic = server.createTopic(2);
        String before = scrape();

        assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(
                Map.of("key", "a", "value", "one"), Map.of("key", "b", "value", "two"),
                Map.of("key", "c", "value", "three")))).status()).isEqualTo(200);
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0").status()).isEqualTo(200);
        assertThat(server.get("/v1/topics/" + topic + "/partitions/1/records?offset=0").status()).isEqualTo(200);
        String after = scrape();

        String t = "topic=\"" + topic + "\"";
        assertThat(sum(before, "tributary_topic_produced_records_total", t)).isZero();
        assertThat(sum(after, "tributary_topic_produced_records_total", t)).isEqualTo(3);
        assertThat(sum(after, "tributary_topic_produced_bytes_total", t)).isPositive();
        assertThat(sum(after, "tributary_topic_produce_requests_total", t, "outcome=\"success\"")).isEqualTo(1);
        assertThat(sum(after, "tributary_publish_latency_seconds_count", t, "outcome=\"success\"")).isEqualTo(1);
        assertThat(sum(after, "tributary_topic_fetched_records_total", t)).isEqualTo(3);
        assertThat(sum(after, "tributary_topic_fetch_requests_total", t)).isEqualTo(2);

        assertThat(delta(before, after, "tributary_produce_requests_total")).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "tributary_segment_size_bytes_count")).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "tributary_commit_latency_seconds_count", "outcome=\"success\"")).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "tributary_aws_calls_seconds_count", "service=\"S3\"", "operation=\"PutObject\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "tributary_aws_calls_seconds_count", "service=\"S3\"", "operation=\"GetObject\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "tributary_aws_calls_seconds_count", "service=\"DynamoDB\"",
                "operation=\"TransactWriteItems\"")).isGreaterThanOrEqualTo(1);
        assertThat(after).contains("tributary_aws_calls_seconds_bucket").contains("tributary_fetch_long_polls ")
                .contains("jvm_memory_used_bytes").contains("http_server_requests_seconds_count");
    }

    @Test
    void statsEndpoint_isAViewOfTheRegistry() {
        String topic = server.createTopic(1);
        assertThat(server.post("/v1/topics/" + topic + "/records",
                Map.of("records", List.of(Map.of("value", "x")))).status()).isEqualTo(200);
        var stats = server.get("/v1/stats").body();
        String scrape = scrape();
        assertThat(stats.get("produceRequests").asDouble()).isEqualTo(sum(scrape, "tributary_produce_requests_total"));
        assertThat(stats.get("segmentPuts").asDouble()).isEqualTo(sum(scrape, "tributary_segments_written_total"));
        assertThat(stats.get("commitTransactions").asDouble()).isEqualTo(sum(scrape, "tributary_commits_total"));
        assertThat(stats.get("producedRecords").asLong()).isPositive();
        assertThat(stats.has("heapUsedBytes")).isTrue();
    }

    @Test
    void failedProduce_isCountedWithoutATopicMeterForAnUnknownName() {
        String missing = TestServer.uniqueTopic();
        assertThat(server.post("/v1/topics/" + missing + "/records",
                Map.of("records", List.of(Map.of("value", "x")))).status()).isEqualTo(404);
        String scrape = scrape();
        assertThat(scrape).doesNotContain(missing);
        assertThat(sum(scrape, "tributary_topic_produce_requests_total", "topic=\"_other\"", "outcome=\"TOPIC_NOT_FOUND\""))
                .isPositive();
    }

    @Test
    void consumerLag_perGroupAndPartition_followsCommitsAndProduces() {
        String topic = server.createTopic(1);
        String group = "lag-" + topic;
        assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(
                Map.of("value", "1"), Map.of("value", "2"), Map.of("value", "3"), Map.of("value", "4"),
                Map.of("value", "5")))).status()).isEqualTo(200);
        assertThat(server.post("/v1/groups/" + group + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 2)))).status()).isEqualTo(200);
        ConsumerLagMetrics lag = server.context().getBean(ConsumerLagMetrics.class);

        lag.refresh();
        String[] labels = {"group=\"" + group + "\"", "topic=\"" + topic + "\"", "partition=\"0\""};
        assertThat(sum(scrape(), "tributary_group_lag_records", labels)).isEqualTo(3);

        assertThat(server.post("/v1/topics/" + topic + "/records",
                Map.of("records", List.of(Map.of("value", "6")))).status()).isEqualTo(200);
        lag.refresh();
        assertThat(sum(scrape(), "tributary_group_lag_records", labels)).isEqualTo(4);
    }

    @Test
    void grafanaDashboard_usesOnlyMetricsTheServiceExposes() throws Exception {
        String topic = server.createTopic(1);
        assertThat(server.post("/v1/topics/" + topic + "/records",
                Map.of("records", List.of(Map.of("value", "x")))).status()).isEqualTo(200);
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0").status()).isEqualTo(200);
        String scrape = scrape();
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("..", "infra", "grafana", "tributary-dashboard.json"));
        Matcher m = Pattern.compile("\\b((?:tributary|http_server|jvm)_[a-z_]+)").matcher(dashboard);
        java.util.Set<String> used = new java.util.TreeSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        // Created on first use: a lost conditional write, a group with committed offsets (after a lag refresh).
        java.util.Set<String> lazy = java.util.Set.of("tributary_dynamodb_conflicts_total", "tributary_group_lag_records");
        assertThat(used).hasSizeGreaterThan(10);
        for (String name : used) {
            if (!lazy.contains(name)) {
                assertThat(scrape).as("dashboard metric " + name).containsPattern("(?m)^" + name + "[{ ]");
            }
        }
    }

    private String scrape() {
        HttpResponse<String> r = server.getText("/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static double delta(String before, String after, String name, String... labels) {
        return sum(after, name, labels) - sum(before, name, labels);
    }

    /** Sum of the samples named {@code name} whose labels include all of {@code labels}. */
    static double sum(String scrape, String name, String... labels) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String labelText = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String l : labels) {
                all &= labelText.contains(l);
            }
            if (all) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }
}
