package dev.tributary.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.Test;

/** Batches with offset gaps (compacted): decoded at their offsets, Kafka-readable, refused from producers. */
class CompactedBatchesTest {
    private static LogRecord record(long offset, String value) {
        return new LogRecord(offset, 1000 + offset, "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), List.of());
    }

    private static ByteBuffer chunk() {
        ByteBuffer a = CompactedBatches.build(10, 5, List.of(record(11, "a"), record(13, "b")));
        ByteBuffer b = RecordBatches.build(List.of(RecordDraft.of(5, null, "c".getBytes(StandardCharsets.UTF_8))),
                Compression.NONE);
        ByteBuffer out = ByteBuffer.allocate(a.remaining() + b.remaining());
        return out.put(a).put(b).flip();
    }

    @Test
    void gappedBatch_decodesAtItsOffsets_andTheNextBatchFollowsItsSpan() {
        List<Long> offsets = new ArrayList<>();
        RecordBatches.decode(chunk(), 10, 6).forEach(r -> offsets.add(r.offset()));
        assertThat(offsets).containsExactly(11L, 13L, 15L);
        List<Long> from12 = new ArrayList<>();
        RecordBatches.scan(chunk(), 10, 6, 12, r -> from12.add(r.offset()));
        assertThat(from12).as("a reader at a removed offset continues at the next surviving one").containsExactly(13L, 15L);
    }

    @Test
    void assignedOffsets_areWhatKafkaClientsRead() {
        List<Long> offsets = new ArrayList<>();
        MemoryRecords.readableRecords(RecordBatches.assignOffsets(chunk(), 10, 6)).records()
                .forEach(r -> offsets.add(r.offset()));
        assertThat(offsets).containsExactly(11L, 13L, 15L);
    }

    @Test
    void gappedBatch_fromAProducer_isRefused() {
        ByteBuffer gapped = CompactedBatches.build(0, 3, List.of(record(0, "a"), record(2, "b")));
        assertThatThrownBy(() -> RecordBatches.validate(gapped, 1 << 20)).isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> RecordBatches.decode(chunk(), 10, 5)).isInstanceOf(CorruptSegmentException.class);
    }
}
