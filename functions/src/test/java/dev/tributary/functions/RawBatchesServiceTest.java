package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.CorruptSegmentException;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.functions.fetch.FetchService;
import dev.tributary.functions.produce.ProduceService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** The contracts of {@link ProduceService#produceBatches} and {@link FetchService#readBatches}. */
class RawBatchesServiceTest {
    private final TestServer server = TestServer.shared();
    private final ProduceService produce = server.context().getBean(ProduceService.class);
    private final FetchService fetch = server.context().getBean(FetchService.class);

    private static ByteBuffer batch(int records, String prefix) {
        List<RecordDraft> drafts = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            drafts.add(new RecordDraft(1000 + i, null, (prefix + i).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        return RecordBatches.build(drafts, Compression.NONE);
    }

    @SuppressWarnings("unchecked")
    private static List<Long> baseOffsets(Map<String, Object> result) {
        List<Long> out = new ArrayList<>();
        for (Map<String, Object> b : (List<Map<String, Object>>) result.get("batches")) {
            out.add(((Number) b.get("baseOffset")).longValue());
        }
        return out;
    }

    @Test
    void produceBatches_storesEachBatchAndReturnsBaseOffsetsInEntryOrder() {
        String topic = server.createTopic(2);
        Map<String, Object> result = produce.produceBatches(topic, List.of(
                new PartitionBatch(1, batch(3, "a")), new PartitionBatch(1, batch(2, "b")),
                new PartitionBatch(0, batch(1, "c")))).join();
        assertThat(baseOffsets(result)).containsExactly(0L, 3L, 0L);
    }

    @Test
    void produceBatches_refusesACorruptBatchAndStoresNothing() {
        String topic = server.createTopic(1);
        ByteBuffer bad = batch(2, "x");
        bad.put(bad.limit() - 1, (byte) (bad.get(bad.limit() - 1) ^ 0x5a));
        assertThatThrownBy(() -> produce.produceBatches(topic, List.of(new PartitionBatch(0, batch(1, "ok")),
                new PartitionBatch(0, bad)))).isInstanceOf(CorruptSegmentException.class);
        assertThat(fetch.readBatches(topic, 0, 0, 1 << 20, 0).join().highWatermark()).isZero();
    }

    @Test
    void readBatches_servesStoredBatchesWithTheirBaseOffsetsAssigned() {
        String topic = server.createTopic(1);
        for (int i = 0; i < 3; i++) {
            produce.produceBatches(topic, List.of(new PartitionBatch(0, batch(4, "r" + i + "-")))).join();
        }
        FetchService.RawBatches all = fetch.readBatches(topic, 0, 5, 1 << 20, 0).join();
        assertThat(all.highWatermark()).isEqualTo(12);
        assertThat(all.logStartOffset()).isZero();
        List<long[]> ranges = new ArrayList<>();
        for (RecordBatch b : MemoryRecords.readableRecords(all.records()).batches()) {
            b.ensureValid();
            ranges.add(new long[] {b.baseOffset(), b.lastOffset()});
        }
        assertThat(ranges).containsExactly(new long[] {4, 7}, new long[] {8, 11});

        FetchService.RawBatches one = fetch.readBatches(topic, 0, 0, 1, 0).join();
        assertThat(MemoryRecords.readableRecords(one.records()).batches()).hasSize(1);

        assertThat(fetch.readBatches(topic, 0, 12, 1 << 20, 0).join().records().remaining()).isZero();
        assertThatThrownBy(() -> fetch.readBatches(topic, 0, 13, 1 << 20, 0).join())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
        assertThatThrownBy(() -> fetch.readBatches(topic, 1, 0, 1 << 20, 0))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PARTITION_NOT_FOUND));
    }
}
