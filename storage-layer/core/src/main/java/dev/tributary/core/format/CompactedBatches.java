package dev.tributary.core.format;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Crc32C;

/**
 * Builds the batches log compaction writes: Kafka RecordBatch v2 with base offset 0 whose
 * records keep their offsets as deltas (with gaps where records were removed) and whose last
 * offset delta covers a given span, so the batch occupies exactly the offsets of what it
 * replaces (see {@link RecordBatches} on spans). Stateless and thread-safe.
 */
public final class CompactedBatches {
    private CompactedBatches() {
    }

    /**
     * One batch for offsets {@code [base, base + span)} holding {@code records} (absolute
     * offsets, ascending, inside that range, at least one), uncompressed.
     *
     * @throws IllegalArgumentException when the records do not fit the range
     */
    public static ByteBuffer build(long base, int span, List<LogRecord> records) {
        if (records.isEmpty() || span <= 0) {
            throw new IllegalArgumentException("a compacted batch needs a record and a positive span");
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2,
                org.apache.kafka.common.compress.Compression.NONE, TimestampType.CREATE_TIME, 0L);
        long previous = -1;
        for (LogRecord r : records) {
            long delta = r.offset() - base;
            if (delta <= previous || delta >= span) {
                throw new IllegalArgumentException("record at offset " + r.offset() + " is outside [" + base + ", "
                        + (base + span) + ") or out of order");
            }
            previous = delta;
            Header[] headers = r.headers().stream()
                    .map(h -> (Header) new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value())).toArray(Header[]::new);
            builder.appendWithOffset(delta, r.timestampMs(), r.key(), r.value(), headers);
        }
        ByteBuffer batch = builder.build().buffer();
        // The builder ends the batch at its last record; the span may reach further (removed records).
        batch.putInt(RecordBatches.LAST_OFFSET_DELTA_OFFSET, span - 1);
        long crc = Crc32C.compute(batch, RecordBatches.ATTRIBUTES_OFFSET, batch.limit() - RecordBatches.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatches.CRC_OFFSET, (int) crc);
        return batch;
    }
}
