package dev.tributary.functions.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.BatchSummary;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.functions.config.Ticker;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.storage.MemorySegmentStore;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.MemoryShardLog;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The produce pipeline over in-memory fakes of the storage interfaces: many concurrent
 * requests end up as few segments, per-partition order is request order, a refused request
 * fails alone, and a failed upload fails exactly its segment's requests.
 */
class SegmentBatcherTest {
    private final Clock clock = Clock.systemUTC();
    private final MemoryShardLog log = new MemoryShardLog();
    private final MemorySegmentStore objects = new MemorySegmentStore(clock);
    private final ShardCommitter committer = new ShardCommitter(log, objects, clock, Duration.ofDays(1), Runnable::run, r -> { });
    private final UUID topic = UUID.randomUUID();
    private final SegmentBatcher batcher = batcher(Duration.ofMillis(20));

    private SegmentBatcher batcher(Duration linger) {
        TributaryConfig config = new TributaryConfig();
        config.getProduce().setLinger(linger);
        return new SegmentBatcher(objects, committer, new ProducerSequencer(null, committer), List.of(), new ProduceStats(),
                config, Ticker.SYSTEM);
    }

    @AfterEach
    void close() {
        batcher.close();
    }

    private SegmentBatcher.Append append(int partition, String... values) {
        List<RecordDraft> drafts = new ArrayList<>();
        for (String v : values) {
            drafts.add(new RecordDraft(1000, null, v.getBytes(StandardCharsets.UTF_8), List.of()));
        }
        ByteBuffer batch = RecordBatches.build(drafts, Compression.NONE, -1L, (short) -1, -1);
        BatchSummary summary = RecordBatches.validate(batch.duplicate(), 1 << 20);
        return new SegmentBatcher.Append(topic, partition, batch, summary);
    }

    @Test
    void concurrentRequests_shareSegments_andKeepPerPartitionOrder() {
        List<CompletableFuture<long[]>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(batcher.submit(List.of(append(i % 3, "r" + i), append(300 + i % 2, "s" + i, "t" + i))));
        }
        long[] next = new long[302];
        for (int i = 0; i < results.size(); i++) {
            long[] offsets = results.get(i).join();
            assertThat(offsets[0]).as("request order is offset order in partition " + i % 3).isEqualTo(next[i % 3]);
            next[i % 3]++;
            assertThat(offsets[1]).isEqualTo(next[300 + i % 2]);
            next[300 + i % 2] += 2;
        }
        assertThat(log.commits()).as("group commit: far fewer commits than requests").isLessThan(200);
        CommitRecord wide = log.latest(new ShardId(topic, 1)).orElseThrow();
        assertThat(wide.nextOffset(300) + wide.nextOffset(301)).isEqualTo(400);
    }

    @Test
    void aRefusedRequest_failsAlone_andStoresNothing() {
        batcher.submit(List.of(append(0, "a"))).join();
        CompletableFuture<long[]> stale = batcher.submit(List.of(append(0, "x")), Map.of(new PartitionId(topic, 0), 0L));
        CompletableFuture<long[]> fine = batcher.submit(List.of(append(0, "b")));
        assertThatThrownBy(stale::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e.getCause()).code()).isEqualTo(ErrorCode.OFFSET_MISMATCH));
        assertThat(fine.join()).containsExactly(1L);
        assertThat(log.latest(new ShardId(topic, 0)).orElseThrow().nextOffset(0)).isEqualTo(2);
    }

    @Test
    void aFailedUpload_failsItsRequestsRetriably_andTheNextSegmentCommits() {
        objects.failNextPuts(1);
        CompletableFuture<long[]> lost = batcher.submit(List.of(append(0, "a")));
        assertThatThrownBy(lost::join).hasCauseInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e.getCause()).code().retriable()).isTrue());
        assertThat(batcher.submit(List.of(append(0, "b"))).join()).containsExactly(0L);
    }

    @Test
    void aRequestThatCannotFitOneCommit_isRefusedBeforeAnythingIsWritten() {
        List<SegmentBatcher.Append> appends = new ArrayList<>();
        for (int shard = 0; shard < 100; shard++) {
            appends.add(append(shard * ShardId.PARTITIONS_PER_SHARD, "v"));
        }
        assertThatThrownBy(() -> batcher.submit(appends)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE));
        assertThat(log.commits()).isZero();
    }
}
