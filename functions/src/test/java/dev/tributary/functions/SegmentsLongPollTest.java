package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import dev.tributary.storage.Storage;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicStore;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.PartitionId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The direct-read endpoint long-polls like fetch: a request at the end of the log is answered
 * when a commit arrives, whether this instance made it or another one did.
 */
class SegmentsLongPollTest {
    private final TestServer server = TestServer.shared();

    private CompletableFuture<Response> waitAt(String topic, long offset) {
        return CompletableFuture.supplyAsync(() -> server.get("/v1/topics/" + topic
                + "/partitions/0/segments?offset=" + offset + "&maxWaitMs=30000"));
    }

    @Test
    void aWaitingRead_isAnsweredByACommitOfThisInstance() throws Exception {
        String topic = server.createTopic(1);
        CompletableFuture<Response> waiting = waitAt(topic, 0);
        Response produced = server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(Map.of("value", "v"))));
        assertThat(produced.status()).isEqualTo(200);
        Response answer = waiting.get();
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.body().at("/ranges/0/baseOffset").asLong()).isZero();
        assertThat(answer.body().get("highWatermark").asLong()).isEqualTo(1);
    }

    @Test
    void aWaitingRead_isAnsweredByACommitOfAnotherInstance() throws Exception {
        String topic = server.createTopic(1);
        Topic t = server.context().getBean(TopicStore.class).get(topic);
        CompletableFuture<Response> waiting = waitAt(topic, 0);
        // Another instance: its own committer over the same tables, invisible to this server's listeners.
        var other = server.context().getBean(Storage.class).newCommitter(Clock.systemUTC(), Duration.ofDays(1), Runnable::run,
                r -> { });
        other.commit("segments/00/elsewhere.seg", 100, List.of(new CommitRequest(List.of(
                CommitRequest.Slice.plain(new PartitionId(t.topicId(), 0), 0, 100, 3, 1, 1)))));
        Response answer = waiting.get();
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.body().get("highWatermark").asLong()).isEqualTo(3);
        assertThat(answer.body().at("/ranges/0/segmentKey").asText()).isEqualTo("segments/00/elsewhere.seg");
    }

    @Test
    void anIdleWait_endsEmptyAtItsDeadline() {
        String topic = server.createTopic(1);
        Response answer = server.get("/v1/topics/" + topic + "/partitions/0/segments?offset=0&maxWaitMs=50");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("ranges")).isEmpty();
        assertThat(server.get("/v1/topics/" + topic + "/partitions/0/segments?offset=0&maxWaitMs=x").errorCode())
                .isEqualTo("INVALID_REQUEST");
    }
}
