package dev.tributary.storage.log;

import dev.tributary.core.format.CompactedBatches;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.storage.BatchEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What log compaction keeps of a run of entries, and the bytes it writes for them.
 *
 * <p>Rules (Kafka's cleaner, over the run given): of the records at or above the log start,
 * the latest record of each key stays with its original offset; records without a key always
 * stay (a compacted topic refuses them, but a topic may have been switched to compaction); a
 * latest record that is a tombstone (null value) goes once its timestamp is at least
 * {@code deleteRetentionMs} old ({@code -1}: tombstones stay). If nothing would remain, the
 * run's last record stays, so every offset range keeps at least one batch. Each entry's
 * survivors become one batch spanning the entry's offsets and those of removed entries before
 * it (the last also the removed ones after it), so offsets are preserved with gaps.
 *
 * <p>Stateless and thread-safe.
 */
final class Compactor {
    private Compactor() {
    }

    /** The rewrite of a run: its bytes and their extents. */
    record Rewrite(byte[] bytes, List<Extent> extents) {
    }

    /** Offsets of {@code records} (ascending) that compaction keeps. */
    static Set<Long> survivors(List<LogRecord> records, long startOffset, long nowMs, long deleteRetentionMs) {
        Map<ByteBuffer, LogRecord> latest = new HashMap<>();
        Set<Long> keep = new HashSet<>();
        for (LogRecord r : records) {
            if (r.offset() < startOffset) {
                continue;
            }
            if (r.key() == null) {
                keep.add(r.offset());
            } else {
                latest.put(ByteBuffer.wrap(r.key()), r);
            }
        }
        for (LogRecord r : latest.values()) {
            boolean expiredTombstone = r.value() == null && deleteRetentionMs >= 0
                    && r.timestampMs() <= nowMs - deleteRetentionMs;
            if (!expiredTombstone) {
                keep.add(r.offset());
            }
        }
        return keep;
    }

    /**
     * Compacts consecutive entries {@code sources} of {@code partition}, whose bytes are
     * {@code parts}, into batches cut into extents of at most {@code extentBytes}.
     */
    static Rewrite compact(int partition, List<BatchEntry> sources, List<byte[]> parts, long startOffset, long nowMs,
                           long deleteRetentionMs, int extentBytes) {
        List<List<LogRecord>> decoded = new ArrayList<>(sources.size());
        List<LogRecord> all = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            BatchEntry e = sources.get(i);
            List<LogRecord> records = RecordBatches.decode(ByteBuffer.wrap(parts.get(i)), e.baseOffset(), e.recordCount());
            decoded.add(records);
            all.addAll(records);
        }
        Set<Long> keep = survivors(all, startOffset, nowMs, deleteRetentionMs);
        long from = sources.get(0).baseOffset();
        long to = sources.get(sources.size() - 1).nextOffset();
        List<long[]> spans = new ArrayList<>();
        List<List<LogRecord>> groups = new ArrayList<>();
        long pending = from;
        for (int i = 0; i < sources.size(); i++) {
            List<LogRecord> kept = decoded.get(i).stream().filter(r -> keep.contains(r.offset())).toList();
            if (!kept.isEmpty()) {
                spans.add(new long[] {pending, sources.get(i).nextOffset()});
                groups.add(kept);
                pending = sources.get(i).nextOffset();
            }
        }
        if (groups.isEmpty()) {
            spans.add(new long[] {from, to});
            groups.add(List.of(all.get(all.size() - 1)));
        } else {
            spans.get(spans.size() - 1)[1] = to;
        }
        ExtentWriter out = new ExtentWriter(partition, extentBytes);
        for (int g = 0; g < groups.size(); g++) {
            long base = spans.get(g)[0];
            int span = Math.toIntExact(spans.get(g)[1] - base);
            ByteBuffer batch = CompactedBatches.build(base, span, groups.get(g));
            byte[] bytes = new byte[batch.remaining()];
            batch.get(bytes);
            out.add(bytes, span, groups.get(g).get(0).timestampMs(),
                    groups.get(g).stream().mapToLong(LogRecord::timestampMs).max().orElseThrow());
        }
        return out.finish();
    }
}
