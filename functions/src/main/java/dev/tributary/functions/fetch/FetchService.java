package dev.tributary.functions.fetch;

import dev.tributary.core.api.OffsetLookup;
import dev.tributary.core.api.SegmentRanges;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.CorruptSegmentException;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.BatchIndex;
import dev.tributary.storage.PartitionHead;
import dev.tributary.storage.PartitionStore;
import dev.tributary.storage.SegmentStore;
import dev.tributary.storage.Topic;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The read path: offset to batch via the index (one Query), batch bytes via ranged GETs run
 * in parallel, records decoded and filtered to the requested offset. Also answers offset
 * lookups and the SDK's "where do these offsets live" question. Thread-safe.
 */
@Singleton
public class FetchService {
    private static final int INDEX_PAGE = 32;

    private final TopicService topics;
    private final PartitionStore partitions;
    private final BatchIndex index;
    private final SegmentStore segments;
    private final HeadWatcher watcher;
    private final TributaryConfig.FetchConfig config;
    private final ExecutorService readers;

    public FetchService(TopicService topics, PartitionStore partitions, BatchIndex index, SegmentStore segments,
                        HeadWatcher watcher, TributaryConfig config) {
        this.topics = topics;
        this.partitions = partitions;
        this.index = index;
        this.segments = segments;
        this.watcher = watcher;
        this.config = config.getFetch();
        this.readers = Executors.newFixedThreadPool(this.config.getReadThreads(), r -> {
            Thread t = new Thread(r, "segment-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** Fetch parameters after validation. */
    public record FetchRequest(String topic, int partition, Long offset, int maxRecords, int maxBytes, long maxWaitMs,
                               boolean base64) {
    }

    /** Records read for one fetch, with the partition's offsets at the time of reading. */
    public record FetchResult(List<LogRecord> records, long nextOffset, long highWatermark, long logStartOffset,
                              boolean base64, List<CorruptRange> corruptRanges) {
    }

    /** Offsets {@code [fromOffset, toOffset)} that could not be decoded and were skipped. */
    public record CorruptRange(long fromOffset, long toOffset, String detail) {
    }

    public CompletableFuture<FetchResult> fetch(FetchRequest request) {
        Topic topic = topics.requirePartition(request.topic(), request.partition());
        PartitionHead head = partitions.head(topic.topicId(), request.partition());
        long offset = request.offset() == null ? head.logStartOffset() : request.offset();
        checkRange(request.topic(), request.partition(), offset, head);
        if (offset == head.nextOffset() && request.maxWaitMs() > 0) {
            return watcher.awaitBeyond(topic.topicId(), request.partition(), offset, Duration.ofMillis(request.maxWaitMs()))
                    .thenApplyAsync(ignored -> read(topic, request, offset, partitions.head(topic.topicId(), request.partition())),
                            readers);
        }
        return CompletableFuture.completedFuture(read(topic, request, offset, head));
    }

    private FetchResult read(Topic topic, FetchRequest request, long offset, PartitionHead head) {
        List<LogRecord> out = new ArrayList<>();
        List<CorruptRange> corrupt = new ArrayList<>();
        long next = offset;
        if (offset < head.nextOffset()) {
            List<BatchEntry> entries = entriesFrom(topic, request.partition(), offset, head, request.maxRecords(), request.maxBytes());
            List<CompletableFuture<byte[]>> reads = new ArrayList<>(entries.size());
            for (BatchEntry e : entries) {
                reads.add(CompletableFuture.supplyAsync(() -> segments.read(e.segmentKey(), e.position(), e.length()), readers));
            }
            long[] bytes = {0};
            for (int i = 0; i < entries.size() && out.size() < request.maxRecords(); i++) {
                BatchEntry e = entries.get(i);
                byte[] data = join(reads.get(i));
                long from = Math.max(offset, next);
                try {
                    boolean whole = RecordBatches.scan(ByteBuffer.wrap(data), e.baseOffset(), e.recordCount(), from, r -> {
                        long size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                        if (out.size() >= request.maxRecords() || (!out.isEmpty() && bytes[0] + size > request.maxBytes())) {
                            return false;
                        }
                        bytes[0] += size;
                        out.add(r);
                        return true;
                    });
                    next = out.isEmpty() ? next : out.get(out.size() - 1).offset() + 1;
                    if (!whole) {
                        break;
                    }
                    // the whole entry was read: offsets removed by compaction at its end are passed too
                    next = Math.max(next, e.nextOffset());
                } catch (CorruptSegmentException bad) {
                    // Report the undecodable rest of this batch and carry on after it, so one bad
                    // batch neither hides the good records around it nor stalls the partition.
                    long badFrom = out.isEmpty() ? from : Math.max(from, out.get(out.size() - 1).offset() + 1);
                    corrupt.add(new CorruptRange(badFrom, e.nextOffset(), bad.getMessage()));
                    next = e.nextOffset();
                }
            }
            for (int i = 0; i < reads.size(); i++) {
                reads.get(i).cancel(false);
            }
        }
        return new FetchResult(out, next, head.nextOffset(), head.logStartOffset(), request.base64(), corrupt);
    }

    /** Kafka record batches read by {@link #readBatches}, with the partition's offsets at the time of reading. */
    public record RawBatches(ByteBuffer records, long highWatermark, long logStartOffset) {
    }

    /**
     * Record batches in Kafka's own format from {@code offset} on, for the Kafka protocol
     * gateway.
     *
     * <p>Contract: {@code records} holds whole Kafka RecordBatch v2 batches exactly as
     * stored, except that each batch header's base offset is set to the batch's committed
     * offset (the CRC does not cover it). The first batch holds {@code offset} (it may start
     * before it; Kafka clients skip the records below their position). When
     * {@code offset < highWatermark} at least one batch is returned even if it is larger than
     * {@code maxBytes} (Kafka's rule, so a large record never blocks a consumer); further
     * batches are added while the total stays within {@code maxBytes}. When {@code offset}
     * equals the high watermark the call waits up to {@code maxWaitMs} for a commit and then
     * reads again (possibly returning nothing). The future fails with {@link ApiException}:
     * {@code TOPIC_NOT_FOUND}, {@code PARTITION_NOT_FOUND}, {@code OFFSET_OUT_OF_RANGE} (with
     * {@code earliestOffset} and {@code latestOffset}) when the offset is outside
     * {@code [logStartOffset, highWatermark]}, or {@code STORAGE_UNAVAILABLE}; validation
     * errors are thrown directly.
     */
    public CompletableFuture<RawBatches> readBatches(String topicName, int partition, long offset, int maxBytes,
                                                     long maxWaitMs) {
        Topic topic = topics.requirePartition(topicName, partition);
        PartitionHead head = partitions.head(topic.topicId(), partition);
        checkRange(topicName, partition, offset, head);
        if (offset == head.nextOffset() && maxWaitMs > 0) {
            return watcher.awaitBeyond(topic.topicId(), partition, offset, Duration.ofMillis(maxWaitMs))
                    .thenApplyAsync(ignored -> rawBatches(topic, partition, offset, maxBytes,
                            partitions.head(topic.topicId(), partition)), readers);
        }
        return CompletableFuture.completedFuture(rawBatches(topic, partition, offset, maxBytes, head));
    }

    private RawBatches rawBatches(Topic topic, int partition, long offset, int maxBytes, PartitionHead head) {
        if (offset < head.logStartOffset() || offset >= head.nextOffset()) {
            return new RawBatches(ByteBuffer.allocate(0), head.nextOffset(), head.logStartOffset());
        }
        List<BatchEntry> entries = entriesFrom(topic, partition, offset, head, Integer.MAX_VALUE, Math.max(1, maxBytes));
        int keep = 1;
        long total = entries.get(0).length();
        while (keep < entries.size() && total + entries.get(keep).length() <= maxBytes) {
            total += entries.get(keep).length();
            keep++;
        }
        // One ranged GET per run of batches that follow each other in one object, not one per
        // batch: a consumer behind the head would otherwise cost a GET per producer batch.
        List<BatchEntry> runs = coalesce(entries.subList(0, keep));
        List<CompletableFuture<byte[]>> reads = new ArrayList<>(runs.size());
        for (BatchEntry e : runs) {
            reads.add(CompletableFuture.supplyAsync(() -> segments.read(e.segmentKey(), e.position(), e.length()), readers));
        }
        ByteBuffer out = ByteBuffer.allocate((int) total);
        for (int i = 0; i < runs.size(); i++) {
            BatchEntry e = runs.get(i);
            out.put(RecordBatches.assignOffsets(ByteBuffer.wrap(join(reads.get(i))), e.baseOffset(), e.recordCount()));
        }
        return new RawBatches(out.flip(), head.nextOffset(), head.logStartOffset());
    }

    /** Index entries covering {@code offset} onwards, enough for the record and byte budget. */
    private List<BatchEntry> entriesFrom(Topic topic, int partition, long offset, PartitionHead head, int maxRecords, long maxBytes) {
        BatchEntry first = index.floor(topic.topicId(), partition, offset)
                .filter(e -> e.nextOffset() > offset)
                .orElseThrow(() -> new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
                        "Offset " + offset + " is below the high watermark but no batch holds it yet; retry."));
        List<BatchEntry> entries = new ArrayList<>();
        entries.add(first);
        long records = first.nextOffset() - offset;
        long bytes = first.length();
        BatchEntry last = first;
        while (records < maxRecords && bytes < maxBytes && last.nextOffset() < head.nextOffset()) {
            List<BatchEntry> more = index.after(topic.topicId(), partition, last.nextOffset() - 1, INDEX_PAGE);
            if (more.isEmpty()) {
                break;
            }
            for (BatchEntry e : more) {
                if (records >= maxRecords || bytes >= maxBytes || e.baseOffset() >= head.nextOffset()) {
                    return entries;
                }
                entries.add(e);
                records += e.recordCount();
                bytes += e.length();
                last = e;
            }
        }
        return entries;
    }

    /** {@code earliest}, {@code latest}, or the first offset whose timestamp is at least the given epoch millis. */
    public OffsetLookup offsetAt(String topicName, int partition, String at) {
        Topic topic = topics.requirePartition(topicName, partition);
        PartitionHead head = partitions.head(topic.topicId(), partition);
        if (at == null || at.equals("latest")) {
            return new OffsetLookup(head.nextOffset(), null);
        }
        if (at.equals("earliest")) {
            return new OffsetLookup(head.logStartOffset(), null);
        }
        long ts;
        try {
            ts = JsonBodies.parseAsciiLong(at);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "'at' must be 'earliest', 'latest' or a timestamp in epoch milliseconds, not '" + at + "'.");
        }
        if (ts < 0) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "'at' must not be a negative timestamp.");
        }
        Optional<BatchEntry> batch = index.firstWithMaxTimestampAtLeast(topic.topicId(), partition, head.logStartOffset(), ts);
        if (batch.isPresent()) {
            BatchEntry e = batch.get();
            byte[] data = segments.read(e.segmentKey(), e.position(), e.length());
            for (LogRecord r : RecordBatches.decode(ByteBuffer.wrap(data), e.baseOffset(), e.recordCount())) {
                if (r.timestampMs() >= ts && r.offset() >= head.logStartOffset()) {
                    return new OffsetLookup(r.offset(), r.timestampMs());
                }
            }
        }
        // No record at or after that time: a consumer starting there sees only new records.
        return new OffsetLookup(head.nextOffset(), null);
    }

    /**
     * Where offsets from {@code offset} on live, with presigned URLs, for clients that read S3
     * directly. At the end of the log it waits up to {@code maxWaitMs} for a commit, as
     * {@link #fetch} does. Byte ranges that follow each other in one object are merged, so a
     * client makes one GET for them.
     */
    public CompletableFuture<SegmentRanges> segmentsFor(String topicName, int partition, Long requested, int maxBytes,
                                                             long maxWaitMs) {
        Topic topic = topics.requirePartition(topicName, partition);
        PartitionHead head = partitions.head(topic.topicId(), partition);
        long offset = requested == null ? head.logStartOffset() : requested;
        checkRange(topicName, partition, offset, head);
        if (offset == head.nextOffset() && maxWaitMs > 0) {
            return watcher.awaitBeyond(topic.topicId(), partition, offset, Duration.ofMillis(maxWaitMs))
                    .thenApplyAsync(ignored -> ranges(topic, partition, offset, maxBytes,
                            partitions.head(topic.topicId(), partition)), readers);
        }
        return CompletableFuture.completedFuture(ranges(topic, partition, offset, maxBytes, head));
    }

    private SegmentRanges ranges(Topic topic, int partition, long offset, int maxBytes, PartitionHead head) {
        List<SegmentRanges.Range> ranges = new ArrayList<>();
        if (offset < head.nextOffset()) {
            for (BatchEntry e : coalesce(entriesFrom(topic, partition, offset, head, Integer.MAX_VALUE, maxBytes))) {
                ranges.add(range(e));
            }
        }
        return new SegmentRanges(topic.topicId().toString(), head.logStartOffset(), head.nextOffset(),
                config.getPresignTtl().toMillis(), ranges);
    }

    /**
     * The entries with every run of batches that follow each other in one object (contiguous
     * bytes and offsets) merged into one entry, so each run is read with one ranged GET.
     */
    private static List<BatchEntry> coalesce(List<BatchEntry> entries) {
        List<BatchEntry> out = new ArrayList<>();
        BatchEntry pending = null;
        for (BatchEntry e : entries) {
            if (pending != null && pending.segmentKey().equals(e.segmentKey())
                    && pending.position() + pending.length() == e.position() && pending.nextOffset() == e.baseOffset()
                    && (long) pending.length() + e.length() <= Integer.MAX_VALUE) {
                pending = new BatchEntry(e.topicId(), e.partition(), pending.baseOffset(), pending.recordCount() + e.recordCount(),
                        e.segmentKey(), pending.position(), pending.length() + e.length(), pending.firstTimestampMs(),
                        Math.max(pending.maxTimestampMs(), e.maxTimestampMs()));
                continue;
            }
            if (pending != null) {
                out.add(pending);
            }
            pending = e;
        }
        if (pending != null) {
            out.add(pending);
        }
        return out;
    }

    private SegmentRanges.Range range(BatchEntry e) {
        // One URL per range, with the Range header signed: segments mix topics, so a URL for the
        // whole object would also serve other topics' batches (decision 0030).
        String url = segments.presignGetRange(e.segmentKey(), e.position(), e.length(), config.getPresignTtl()).toString();
        return new SegmentRanges.Range(e.segmentKey(), url, e.position(), e.length(), e.baseOffset(), e.recordCount(),
                e.maxTimestampMs());
    }

    private static void checkRange(String topic, int partition, long offset, PartitionHead head) {
        if (offset < head.logStartOffset() || offset > head.nextOffset()) {
            throw new ApiException(ErrorCode.OFFSET_OUT_OF_RANGE, "Offset " + offset + " is outside partition "
                    + partition + " of '" + topic + "', which holds offsets " + head.logStartOffset() + " to "
                    + head.nextOffset() + " (exclusive).")
                    .with("earliestOffset", head.logStartOffset()).with("latestOffset", head.nextOffset());
        }
    }

    private static byte[] join(CompletableFuture<byte[]> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }
}
