package dev.tributary.storage.log;

import dev.tributary.core.format.Compression;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.BatchIndex;
import dev.tributary.storage.SegmentStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Segments of real record batches for the merge tests, and a reader of a whole partition through the index. */
public final class RealSegments {
    private RealSegments() {
    }

    /**
     * Stores and commits one segment holding, per partition, one batch of {@code records}
     * records whose values are {@code "<partition>:<n>"} with a running {@code n} per call.
     */
    public static String produce(ShardCommitter committer, SegmentStore objects, UUID topic, long timestampMs, int records,
                                 int... partitions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<CommitRequest.Slice> slices = new ArrayList<>();
        for (int p : partitions) {
            List<RecordDraft> drafts = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                drafts.add(RecordDraft.of(timestampMs, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        (p + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)));
            }
            ByteBuffer batch = RecordBatches.build(drafts, Compression.NONE);
            byte[] bytes = new byte[batch.remaining()];
            batch.get(bytes);
            slices.add(CommitRequest.Slice.plain(new PartitionId(topic, p), out.size(), bytes.length, records, timestampMs,
                    timestampMs));
            out.writeBytes(bytes);
        }
        String key = dev.tributary.storage.SegmentKeys.newKey();
        objects.put(key, out.toByteArray());
        committer.commit(key, out.size(), List.of(new CommitRequest(slices)));
        return key;
    }

    /** {@code segments} segments of {@link #produce}, all at {@code timestampMs}; their keys. */
    public static List<String> produceMany(ShardCommitter committer, SegmentStore objects, UUID topic, long timestampMs,
                                           int segments, int records, int... partitions) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            keys.add(produce(committer, objects, topic, timestampMs, records, partitions));
        }
        return keys;
    }

    /** Offset and value of every record of a partition, read through a cold reader of {@code log}. */
    public static List<String> readSummary(ShardLog log, SegmentStore objects, UUID topic, int partition) {
        return summary(readAll(new LogReader(log, 1 << 20), objects, topic, partition, 0));
    }

    /** Every record of a partition from {@code from} on, read entry by entry as the fetch path does. */
    public static List<LogRecord> readAll(BatchIndex index, SegmentStore objects, UUID topic, int partition, long from) {
        List<LogRecord> out = new ArrayList<>();
        BatchEntry e = index.floor(topic, partition, from).orElse(null);
        long next = from;
        while (e != null) {
            byte[] bytes = objects.read(e.segmentKey(), e.position(), e.length());
            for (LogRecord r : RecordBatches.decode(ByteBuffer.wrap(bytes), e.baseOffset(), e.recordCount())) {
                if (r.offset() >= next) {
                    out.add(r);
                }
            }
            next = Math.max(next, e.nextOffset());
            List<BatchEntry> more = index.after(topic, partition, next - 1, 1);
            e = more.isEmpty() ? null : more.get(0);
        }
        return out;
    }

    /** Offset and value of each record, for comparing reads before and after a rewrite. */
    public static List<String> summary(List<LogRecord> records) {
        List<String> out = new ArrayList<>(records.size());
        records.forEach(r -> out.add(r.offset() + "=" + new String(r.value(), StandardCharsets.UTF_8)));
        return out;
    }
}
