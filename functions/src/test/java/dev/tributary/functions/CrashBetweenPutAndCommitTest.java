package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer.Response;
import dev.tributary.storage.OrphanScanner;
import dev.tributary.storage.SegmentStore;
import dev.tributary.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A crash after the segment is in S3 but before the DynamoDB commit: the producer gets a
 * retriable 503, nothing becomes visible, the uploaded object is found as an orphan, and
 * a retry stores the records exactly once.
 */
class CrashBetweenPutAndCommitTest {

    @Test
    void crashAfterPut_losesNothingAcked_showsNothing_andLeavesAFindableOrphan() {
        try (TestServer server = TestServer.start(Map.of("test.fail-commits", 1))) {
            String topic = server.createTopic(1);
            Storage storage = server.context().getBean(Storage.class);
            SegmentStore segments = storage.segments();
            Set<String> before = keys(segments);

            Response failed = server.post("/v1/topics/" + topic + "/records",
                    Map.of("records", List.of(Map.of("value", "r1"), Map.of("value", "r2"))));
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.errorCode()).isEqualTo("STORAGE_UNAVAILABLE");
            assertThat(failed.body().get("retriable").asBoolean()).isTrue();
            assertThat(failed.raw().headers().firstValue("Retry-After")).isPresent();

            // Nothing half-visible.
            assertThat(server.get("/v1/topics/" + topic).body().at("/partitions/0/latestOffset").asLong()).isZero();
            assertThat(server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0").body().get("records")).isEmpty();

            // The object was uploaded and is recognisable as an orphan once the grace period has passed.
            Set<String> added = keys(segments);
            added.removeAll(before);
            assertThat(added).hasSize(1);
            String orphan = added.iterator().next();
            OrphanScanner later = new OrphanScanner(segments, storage.segmentReferences(),
                    Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
            assertThat(later.findOrphans(Duration.ofMinutes(10))).contains(orphan);
            assertThat(new OrphanScanner(segments, storage.segmentReferences(), Clock.systemUTC())
                    .findOrphans(Duration.ofMinutes(10))).as("not before the grace period").doesNotContain(orphan);

            // The producer retries: stored once, dense from 0.
            Response retried = server.post("/v1/topics/" + topic + "/records",
                    Map.of("records", List.of(Map.of("value", "r1"), Map.of("value", "r2"))));
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.body().at("/offsets/0/offset").asLong()).isZero();
            Response fetched = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0");
            List<String> values = new ArrayList<>();
            fetched.body().get("records").forEach(r -> values.add(r.get("value").asText()));
            assertThat(values).containsExactly("r1", "r2");
        }
    }

    private static Set<String> keys(SegmentStore segments) {
        Set<String> keys = new HashSet<>();
        segments.list(o -> keys.add(o.key()));
        return keys;
    }
}
