package dev.tributary.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.CorruptSegmentException;
import dev.tributary.client.Deserializers;
import dev.tributary.client.FakeService;
import dev.tributary.client.OffsetOutOfRangeException;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TopicPartition;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer against a fake service whose {@code /segments} answer points at a fake
 * S3 object on the same server: 3 batches of 10 records (offsets 0..29) after a 7-byte
 * prefix, so ranges do not start at 0.
 */
class TributaryConsumerTest {
    private static final Pattern OFFSET = Pattern.compile("offset=(\\d+)");
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final FakeService http = new FakeService();
    private final List<long[]> ranges = new ArrayList<>();
    private final AtomicInteger s3Failures = new AtomicInteger();
    private byte[] object;
    private volatile boolean topicDeleted;

    FakeSetup setup(Compression compression) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[7]);
        for (int b = 0; b < 3; b++) {
            List<RecordDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int offset = b * 10 + i;
                drafts.add(RecordDraft.of(1000 + offset, ("k" + offset).getBytes(StandardCharsets.UTF_8),
                        ("v" + offset).getBytes(StandardCharsets.UTF_8)));
            }
            ByteBuffer batch = RecordBatches.build(drafts, compression);
            byte[] bytes = new byte[batch.remaining()];
            batch.get(bytes);
            ranges.add(new long[] {out.size(), bytes.length, b * 10L, 10});
            out.write(bytes);
        }
        object = out.toByteArray();
        http.route("GET", "/v1/topics/t/partitions/0/segments", (ex, body) -> {
            if (topicDeleted) {
                FakeService.problem(ex, 404, "TOPIC_NOT_FOUND", "Topic t does not exist");
                return true;
            }
            Matcher m = OFFSET.matcher(ex.getRequestURI().getQuery());
            m.find();
            long offset = Long.parseLong(m.group(1));
            if (offset > 30) {
                ex.getResponseHeaders().set("Content-Type", "application/problem+json");
                FakeService.send(ex, 416, "application/problem+json", ("{\"errorCode\":\"OFFSET_OUT_OF_RANGE\","
                        + "\"detail\":\"out\",\"earliestOffset\":0,\"latestOffset\":30}").getBytes(StandardCharsets.UTF_8));
                return true;
            }
            StringBuilder json = new StringBuilder("{\"topicId\":\"id1\",\"logStartOffset\":0,\"highWatermark\":30,"
                    + "\"urlTtlMs\":60000,\"ranges\":[");
            String sep = "";
            for (long[] r : ranges) {
                if (r[2] + r[3] <= offset) {
                    continue;
                }
                json.append(sep).append("{\"segmentKey\":\"seg\",\"url\":\"").append(http.endpoint())
                        .append("/s3/seg?X-Amz-Signature=abc\",\"position\":").append(r[0]).append(",\"length\":")
                        .append(r[1]).append(",\"baseOffset\":").append(r[2]).append(",\"recordCount\":")
                        .append(r[3]).append(",\"maxTimestamp\":0}");
                sep = ",";
            }
            json.append("]}");
            FakeService.json(ex, 200, json.toString());
            return true;
        });
        http.route("GET", "/s3/seg", (ex, body) -> {
            if (s3Failures.getAndDecrement() > 0) {
                FakeService.send(ex, 503, "application/xml", "<Error>SlowDown</Error>".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            String[] se = range.substring("bytes=".length()).split("-");
            int start = Integer.parseInt(se[0]);
            int end = Integer.parseInt(se[1]);
            byte[] slice = new byte[end - start + 1];
            System.arraycopy(object, start, slice, 0, slice.length);
            FakeService.send(ex, 206, "application/octet-stream", slice);
            return true;
        });
        http.route("GET", "/v1/topics/t/partitions/0/offsets", (ex, body) -> {
            String q = ex.getRequestURI().getQuery();
            FakeService.json(ex, 200, q.contains("earliest") ? "{\"offset\":0,\"timestamp\":null}"
                    : q.contains("latest") ? "{\"offset\":30,\"timestamp\":null}"
                    : "{\"offset\":12,\"timestamp\":1012}");
            return true;
        });
        return new FakeSetup();
    }

    record FakeSetup() {
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private TributaryConsumer<String, String> consumer(AutoOffsetReset reset) {
        return TributaryConsumer.builder().endpoint(http.endpoint())
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .autoOffsetReset(reset).retryBackoff(Duration.ofMillis(10)).fetchIdleBackoff(Duration.ofMillis(10))
                .maxPollRecords(7).build();
    }

    private static List<ConsumerRecord<String, String>> pollUntil(Consumer<String, String> c, int count) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            c.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    @Test
    void poll_readsPresignedRangesInOffsetOrder() throws Exception {
        setup(Compression.ZSTD);
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            List<ConsumerRecord<String, String>> records = pollUntil(c, 30);
            assertThat(records).hasSize(30);
            for (int i = 0; i < 30; i++) {
                assertThat(records.get(i).offset()).isEqualTo(i);
                assertThat(records.get(i).key()).isEqualTo("k" + i);
                assertThat(records.get(i).value()).isEqualTo("v" + i);
                assertThat(records.get(i).timestamp()).isEqualTo(1000 + i);
            }
            assertThat(c.position(TP)).isEqualTo(30);
        }
    }

    @Test
    void pause_stopsReturningAPartitionUntilResumed_keepingItsPosition() throws Exception {
        setup(Compression.NONE);
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            assertThat(pollUntil(c, 7)).hasSize(7);
            c.pause(List.of(TP));
            assertThat(c.paused()).containsExactly(TP);
            assertThat(c.poll(Duration.ofMillis(50)).isEmpty()).isTrue();
            assertThat(c.position(TP)).isEqualTo(7);
            c.resume(List.of(TP));
            assertThat(pollUntil(c, 23)).extracting(ConsumerRecord::offset).first().isEqualTo(7L);
        }
    }

    @Test
    void poll_afterSeekIntoABatch_dropsEarlierOffsets() throws Exception {
        setup(Compression.NONE);
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            c.seek(TP, 13);
            List<ConsumerRecord<String, String>> records = pollUntil(c, 17);
            assertThat(records).extracting(ConsumerRecord::offset).first().isEqualTo(13L);
            assertThat(records).hasSize(17);
        }
    }

    @Test
    void poll_whenStorageFailsTransiently_retries() throws Exception {
        setup(Compression.LZ4);
        s3Failures.set(3);
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            assertThat(pollUntil(c, 30)).hasSize(30);
        }
    }

    @Test
    void poll_whenRangeBytesAreCorrupt_throwsCorruptSegmentException() throws Exception {
        setup(Compression.NONE);
        object[(int) ranges.get(0)[0] + 40] ^= 0x5A;
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            assertThatThrownBy(() -> pollUntil(c, 1)).isInstanceOf(CorruptSegmentException.class);
        }
    }

    @Test
    void poll_outOfRangeWithResetNone_throwsOffsetOutOfRange() throws Exception {
        setup(Compression.NONE);
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.NONE)) {
            c.assign(List.of(TP));
            c.seek(TP, 99);
            assertThatThrownBy(() -> pollUntil(c, 1)).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void poll_outOfRangeWithResetEarliest_startsOver() throws Exception {
        setup(Compression.NONE);
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            c.seek(TP, 99);
            assertThat(pollUntil(c, 30)).extracting(ConsumerRecord::offset).first().isEqualTo(0L);
        }
    }

    @Test
    void poll_whenTopicIsDeleted_throwsTopicNotFound() throws Exception {
        setup(Compression.NONE);
        topicDeleted = true;
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            c.seek(TP, 0);
            assertThatThrownBy(() -> pollUntil(c, 1)).isInstanceOf(TopicNotFoundException.class);
        }
    }

    @Test
    void seekToEndAndOffsetsForTimes_useTheOffsetsEndpoint() throws Exception {
        setup(Compression.NONE);
        try (TributaryConsumer<String, String> c = consumer(AutoOffsetReset.EARLIEST)) {
            c.assign(List.of(TP));
            c.seekToEnd(List.of(TP));
            assertThat(c.position(TP)).isEqualTo(30);
            assertThat(c.offsetsForTimes(Map.of(TP, 1012L)).get(TP).offset()).isEqualTo(12);
            assertThat(c.poll(Duration.ofMillis(100)).isEmpty()).isTrue();
        }
    }

    @Test
    void subscribe_withoutGroupId_failsClearly() throws Exception {
        setup(Compression.NONE);
        try (TributaryConsumer<String, String> c = TributaryConsumer.builder().endpoint(http.endpoint())
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string()).build()) {
            assertThatThrownBy(() -> c.subscribe(List.of("t")))
                    .isInstanceOf(dev.tributary.client.TributaryException.class)
                    .hasMessageContaining("groupId");
            assertThatThrownBy(c::commitSync).hasMessageContaining("groupId");
        }
    }

    @Test
    void subscribe_afterAssign_isRejectedAsInKafka() throws Exception {
        setup(Compression.NONE);
        try (TributaryConsumer<String, String> c = TributaryConsumer.builder().endpoint(http.endpoint())
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .groupId("billing").enableAutoCommit(false).build()) {
            http.route("GET", "/v1/groups/billing/offsets", (ex, body) -> {
                FakeService.problem(ex, 404, "GROUP_NOT_FOUND", "No group billing");
                return true;
            });
            c.assign(List.of(TP));
            assertThatThrownBy(() -> c.subscribe(List.of("t"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mutually exclusive");
        }
    }

    @Test
    void builder_rejectsSessionTimeoutOutsideTheServiceRange() {
        assertThatThrownBy(() -> TributaryConsumer.builder().endpoint(java.net.URI.create("http://localhost:1"))
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .sessionTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionTimeout");
    }

    @Test
    void mockConsumer_returnsAddedRecordsFromThePosition() {
        MockConsumer<String, String> mock = new MockConsumer<>(AutoOffsetReset.EARLIEST);
        mock.assign(List.of(TP));
        mock.addRecord(new ConsumerRecord<>("t", 0, 0, "k", "a"));
        mock.addRecord(new ConsumerRecord<>("t", 0, 1, "k", "b"));
        mock.seek(TP, 1);
        assertThat(mock.poll(Duration.ZERO)).extracting(ConsumerRecord::value).containsExactly("b");
        mock.commitSync();
        assertThat(mock.committed().get(TP).offset()).isEqualTo(2);
    }
}
