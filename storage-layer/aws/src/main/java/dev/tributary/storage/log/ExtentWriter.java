package dev.tributary.storage.log;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out the bytes of an object a rewrite (merge or compaction) writes for one partition:
 * pieces of whole batches one after another, grouped into extents of at most
 * {@code extentBytes} (a piece is never split; a piece larger than that is an extent of its own).
 * Not thread-safe; single use.
 */
final class ExtentWriter {
    private final int partition;
    private final int extentBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Extent> extents = new ArrayList<>();
    private long extentStart;
    private long extentSpan;
    private long first;
    private long max = Long.MIN_VALUE;

    ExtentWriter(int partition, int extentBytes) {
        this.partition = partition;
        this.extentBytes = extentBytes;
    }

    /** Appends a piece holding {@code span} offsets with these record timestamps. */
    void add(byte[] piece, long span, long firstTimestampMs, long maxTimestampMs) {
        if (extentSpan > 0 && out.size() - extentStart + piece.length > extentBytes) {
            close();
        }
        if (extentSpan == 0) {
            first = firstTimestampMs;
            max = Long.MIN_VALUE;
        }
        out.writeBytes(piece);
        extentSpan += span;
        max = Math.max(max, maxTimestampMs);
    }

    private void close() {
        extents.add(new Extent(partition, extentStart, (int) (out.size() - extentStart), Math.toIntExact(extentSpan),
                first, max));
        extentStart = out.size();
        extentSpan = 0;
    }

    /** The object's bytes and extents; at least one piece must have been added. */
    Compactor.Rewrite finish() {
        close();
        return new Compactor.Rewrite(out.toByteArray(), extents);
    }
}
