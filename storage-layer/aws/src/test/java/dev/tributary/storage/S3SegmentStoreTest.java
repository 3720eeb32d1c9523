package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3SegmentStoreTest {
    private final Storage storage = StorageTestSupport.storage();
    private final SegmentStore segments = storage.segments();

    @Test
    void put_neverOverwrites_andRangedReadsReturnExactBytes() {
        String key = SegmentKeys.newKey();
        segments.put(key, "0123456789".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> segments.put(key, "xxxxxxxxxx".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.class);
        assertThat(new String(segments.read(key, 3, 4), StandardCharsets.UTF_8)).isEqualTo("3456");
        assertThat(new String(segments.read(key, 0, 10), StandardCharsets.UTF_8)).isEqualTo("0123456789");
    }

    @Test
    void read_ofMissingObject_isNotFound() {
        assertThatThrownBy(() -> segments.read("segments/00/missing.seg", 0, 4))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void presignedUrl_servesRangeWithoutCredentials() throws Exception {
        String key = SegmentKeys.newKey();
        segments.put(key, "abcdefghij".getBytes(StandardCharsets.UTF_8));
        var url = segments.presignGet(key, Duration.ofMinutes(1));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                .header("Range", "bytes=2-4").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo("cde");
    }

    @Test
    void rangePresignedUrl_servesExactlyItsRange_andRefusesEveryWidening() throws Exception {
        String key = SegmentKeys.newKey();
        String other = SegmentKeys.newKey();
        segments.put(key, "abcdefghij".getBytes(StandardCharsets.UTF_8));
        segments.put(other, "0123456789".getBytes(StandardCharsets.UTF_8));
        java.net.URI url = segments.presignGetRange(key, 2, 3, Duration.ofMinutes(1));

        assertThat(get(url, "bytes=2-4").statusCode()).isEqualTo(206);
        assertThat(get(url, "bytes=2-4").body()).isEqualTo("cde");
        // The signed Range header cannot be changed, widened or dropped...
        assertThat(get(url, "bytes=0-9").statusCode()).isEqualTo(403);
        assertThat(get(url, "bytes=2-5").statusCode()).isEqualTo(403);
        assertThat(get(url, "bytes=5-7").statusCode()).isEqualTo(403);
        assertThat(get(url, null).statusCode()).isEqualTo(403);
        // ...nor can the URL be pointed at another object or given a longer life.
        java.net.URI otherKey = java.net.URI.create(url.toString().replace(key, other));
        assertThat(get(otherKey, "bytes=2-4").statusCode()).isEqualTo(403);
        java.net.URI longer = java.net.URI.create(url.toString().replace("X-Amz-Expires=60", "X-Amz-Expires=604800"));
        assertThat(longer).isNotEqualTo(url);
        assertThat(get(longer, "bytes=2-4").statusCode()).isEqualTo(403);
    }

    private static HttpResponse<String> get(java.net.URI url, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void orphanScanner_findsUncommittedObjects_onlyAfterGrace() {
        String orphan = SegmentKeys.newKey();
        String committed = SegmentKeys.newKey();
        segments.put(orphan, new byte[] {1});
        segments.put(committed, new byte[] {2});
        dev.tributary.storage.log.Logs.committer(storage.shardLog(), segments, Clock.systemUTC())
                .commit(committed, 1, List.of(dev.tributary.storage.log.Logs.plain(java.util.UUID.randomUUID(), 1, 0)));

        OrphanScanner now = new OrphanScanner(segments, storage.segmentReferences(), Clock.systemUTC());
        assertThat(now.findOrphans(Duration.ofHours(1))).doesNotContain(orphan);
        OrphanScanner later = new OrphanScanner(segments, storage.segmentReferences(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        assertThat(later.findOrphans(Duration.ofHours(1))).contains(orphan).doesNotContain(committed);
    }
}
