package dev.tributary.core.format;

import static dev.tributary.core.format.SegmentReader.ENTRIES_OFFSET;
import static dev.tributary.core.format.SegmentReader.FOOTER_ENTRY_SIZE;
import static dev.tributary.core.format.SegmentReader.FORMAT_VERSION;
import static dev.tributary.core.format.SegmentReader.MAGIC;
import static dev.tributary.core.format.SegmentReader.TRAILER_CRC_OFFSET;
import static dev.tributary.core.format.SegmentReader.TRAILER_SIZE;
import static dev.tributary.core.format.SegmentReader.crc32c;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Assembles one segment object (format version 1, specified in {@link SegmentReader})
 * from validated record batches of many partitions.
 *
 * <p>Each batch is copied on {@link #append}, so the caller may reuse its buffer.
 * Batches of the same (topic, partition) are concatenated into one chunk in append
 * order; chunks appear in the order their partitions were first appended. The writer
 * trusts the {@link BatchSummary} it is given, which must come from
 * {@link RecordBatches#validate} for the same bytes.
 *
 * <p>Not thread-safe. Single use: after {@link #finish()} it accepts no more batches.
 */
public final class SegmentWriter {
    /** Largest object a byte array can hold, with headroom for JVM array headers. */
    static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE - 16;

    private final Map<TopicPartition, ChunkBuilder> chunks = new LinkedHashMap<>();
    private long dataBytes;
    private boolean finished;

    /**
     * Adds one batch to the chunk of {@code (topicId, partition)}.
     *
     * @param batch   one RecordBatch v2, position to limit
     * @param summary the result of validating exactly these bytes
     * @throws IllegalArgumentException when the summary does not match the batch size or
     *                                  the partition is negative
     * @throws IllegalStateException    after {@link #finish()} or when the segment would
     *                                  outgrow a byte array
     */
    public void append(UUID topicId, int partition, ByteBuffer batch, BatchSummary summary) {
        Objects.requireNonNull(topicId, "topicId");
        if (finished) {
            throw new IllegalStateException("Segment already finished");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("Partition must be >= 0, got " + partition);
        }
        int size = batch.remaining();
        if (summary.sizeInBytes() != size || size < RecordBatches.BATCH_HEADER_SIZE || summary.recordCount() <= 0) {
            throw new IllegalArgumentException("Batch of " + size + " bytes does not match its summary " + summary);
        }
        TopicPartition key = new TopicPartition(topicId, partition);
        ChunkBuilder chunk = chunks.get(key);
        long footerBytes = ENTRIES_OFFSET + (long) FOOTER_ENTRY_SIZE * (chunks.size() + (chunk == null ? 1 : 0));
        if (dataBytes + size + footerBytes + TRAILER_SIZE > MAX_SEGMENT_BYTES) {
            throw new IllegalStateException("Segment would exceed " + MAX_SEGMENT_BYTES + " bytes");
        }
        if (chunk == null) {
            chunk = new ChunkBuilder(summary.firstTimestampMs());
            chunks.put(key, chunk);
        } else if ((long) chunk.recordCount + summary.recordCount() > Integer.MAX_VALUE) {
            throw new IllegalStateException("Chunk of " + topicId + "/" + partition + " would exceed "
                    + Integer.MAX_VALUE + " records");
        }
        byte[] copy = new byte[size];
        batch.duplicate().get(copy);
        chunk.add(copy, summary);
        dataBytes += size;
    }

    /** Number of distinct (topic, partition) chunks so far. */
    public int partitionCount() {
        return chunks.size();
    }

    /** Size the object would have if finished now (exact, not an estimate). */
    public long sizeInBytes() {
        return dataBytes + ENTRIES_OFFSET + (long) FOOTER_ENTRY_SIZE * chunks.size() + TRAILER_SIZE;
    }

    /**
     * Lays out chunks, footer and trailer into one array.
     *
     * @throws IllegalStateException when called twice
     */
    public Segment finish() {
        if (finished) {
            throw new IllegalStateException("Segment already finished");
        }
        finished = true;
        int footerPosition = (int) dataBytes;
        int footerLength = ENTRIES_OFFSET + FOOTER_ENTRY_SIZE * chunks.size();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(sizeInBytes()));
        List<ChunkInfo> infos = new ArrayList<>(chunks.size());
        for (Map.Entry<TopicPartition, ChunkBuilder> e : chunks.entrySet()) {
            ChunkBuilder c = e.getValue();
            int position = out.position();
            for (byte[] batch : c.batches) {
                out.put(batch);
            }
            infos.add(new ChunkInfo(e.getKey().topicId(), e.getKey().partition(), position,
                    out.position() - position, c.recordCount, c.batches.size(), c.firstTimestampMs, c.maxTimestampMs));
        }
        byte[] bytes = out.array();
        CRC32C dataCrc = new CRC32C();
        dataCrc.update(bytes, 0, footerPosition);

        out.putInt(infos.size());
        for (ChunkInfo c : infos) {
            out.putLong(c.topicId().getMostSignificantBits());
            out.putLong(c.topicId().getLeastSignificantBits());
            out.putInt(c.partition());
            out.putLong(c.position());
            out.putInt(c.length());
            out.putInt(c.recordCount());
            out.putInt(c.batchCount());
            out.putLong(c.firstTimestampMs());
            out.putLong(c.maxTimestampMs());
        }
        int footerCrc = crc32c(out, footerPosition, footerLength);

        int trailerStart = out.position();
        out.putLong(footerPosition);
        out.putInt(footerLength);
        out.putInt(footerCrc);
        out.putInt((int) dataCrc.getValue());
        out.putShort(FORMAT_VERSION);
        out.putShort((short) 0);
        out.putInt(crc32c(out, trailerStart, TRAILER_CRC_OFFSET));
        out.put(MAGIC);
        if (out.hasRemaining()) {
            throw new IllegalStateException("Segment layout miscomputed: " + out.remaining() + " bytes left over");
        }
        chunks.values().forEach(c -> c.batches.clear());
        return new Segment(bytes, infos);
    }

    private record TopicPartition(UUID topicId, int partition) {
    }

    private static final class ChunkBuilder {
        final List<byte[]> batches = new ArrayList<>();
        final long firstTimestampMs;
        long maxTimestampMs;
        int recordCount;

        ChunkBuilder(long firstTimestampMs) {
            this.firstTimestampMs = firstTimestampMs;
            this.maxTimestampMs = firstTimestampMs;
        }

        void add(byte[] batch, BatchSummary summary) {
            batches.add(batch);
            recordCount += summary.recordCount();
            maxTimestampMs = Math.max(maxTimestampMs, summary.maxTimestampMs());
        }
    }
}
