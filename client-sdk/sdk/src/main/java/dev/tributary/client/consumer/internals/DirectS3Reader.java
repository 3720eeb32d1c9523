package dev.tributary.client.consumer.internals;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.SegmentRanges;
import dev.tributary.client.CorruptSegmentException;
import dev.tributary.client.RetriableException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a partition the direct way: asks the service which byte ranges hold the wanted
 * offsets ({@code GET .../segments}; at the end of the log the service holds the request up to
 * {@code maxWaitMs} until data arrives, so tailing needs no polling), then GETs each range from S3 with its presigned URL
 * and a {@code Range} header, in parallel, and decodes the record batches locally. Record
 * bytes never pass through the service.
 *
 * <p>Ranges are used only while they are contiguous from the wanted offset; records
 * before it are dropped. A range answered with the wrong length is reported corrupt, so
 * a damaged object never yields records. An expired URL (403) or a segment replaced by
 * maintenance (404) is reported retriable: asking the service again gives fresh ranges.
 * Thread-safe.
 */
public final class DirectS3Reader implements PartitionReader {
    private final ServiceClient service;
    private final int fetchMaxBytes;
    private final Duration requestTimeout;
    private final long maxWaitMs;

    public DirectS3Reader(ServiceClient service, int fetchMaxBytes, Duration requestTimeout, long maxWaitMs) {
        this.service = service;
        this.fetchMaxBytes = fetchMaxBytes;
        this.requestTimeout = requestTimeout;
        this.maxWaitMs = maxWaitMs;
    }

    private record Range(String url, long position, int length, long baseOffset, int recordCount) {
    }

    @Override
    public CompletableFuture<FetchResult> read(TopicPartition tp, long offset, boolean waitForData) {
        String path = ApiPaths.segments(tp.topic(), tp.partition()) + "?offset=" + offset + "&maxBytes="
                + fetchMaxBytes + "&maxWaitMs=" + (waitForData ? maxWaitMs : 0);
        return service.sendAsync("GET", path, null, SegmentRanges.class).thenCompose(body -> readRanges(body, offset));
    }

    private CompletableFuture<FetchResult> readRanges(SegmentRanges body, long offset) {
        String topicId = body.topicId();
        long highWatermark = body.highWatermark();
        List<Range> ranges = new ArrayList<>();
        long expected = offset;
        for (SegmentRanges.Range r : body.ranges() == null ? List.<SegmentRanges.Range>of() : body.ranges()) {
            Range range = new Range(r.url(), r.position(), r.length(), r.baseOffset(), r.recordCount());
            long end = range.baseOffset + range.recordCount;
            if (range.baseOffset > expected || end <= expected) {
                if (ranges.isEmpty() && end <= expected) {
                    continue;
                }
                break;
            }
            ranges.add(range);
            expected = end;
        }
        if (ranges.isEmpty()) {
            return CompletableFuture.completedFuture(new FetchResult(List.of(), offset, 0, topicId, highWatermark));
        }
        List<CompletableFuture<byte[]>> reads = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            reads.add(get(r));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<LogRecord> records = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < ranges.size(); i++) {
                Range r = ranges.get(i);
                List<LogRecord> decoded;
                try {
                    decoded = RecordBatches.decode(ByteBuffer.wrap(reads.get(i).join()), r.baseOffset, r.recordCount);
                } catch (ApiException e) {
                    throw Errors.fromCore(e);
                }
                for (LogRecord rec : decoded) {
                    if (rec.offset() >= offset) {
                        records.add(rec);
                        bytes += 64 + (rec.key() == null ? 0 : rec.key().length)
                                + (rec.value() == null ? 0 : rec.value().length);
                    }
                }
            }
            Range last = ranges.get(ranges.size() - 1);
            return new FetchResult(records, last.baseOffset + last.recordCount, bytes, topicId, highWatermark);
        });
    }

    private CompletableFuture<byte[]> get(Range r) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve(r.url))
                .timeout(requestTimeout)
                .header("Range", "bytes=" + r.position + "-" + (r.position + r.length - 1))
                .GET()
                .build();
        return service.http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                throw Errors.wrap(error);
            }
            int status = response.statusCode();
            byte[] bytes = response.body();
            if (status == 206) {
                if (bytes.length != r.length) {
                    throw new CorruptSegmentException("Storage returned " + bytes.length + " bytes for a range of "
                            + r.length + " at offset " + r.baseOffset, null);
                }
                return bytes;
            }
            if (status == 200) {
                // A store that ignores Range sends the whole object; cut the range out of it.
                if (bytes.length < r.position + r.length) {
                    throw new CorruptSegmentException("Segment object is shorter (" + bytes.length
                            + " bytes) than the range it should hold at offset " + r.baseOffset, null);
                }
                byte[] out = new byte[r.length];
                System.arraycopy(bytes, (int) r.position, out, 0, r.length);
                return out;
            }
            if (status == 403 || status == 404 || status == 416 || status >= 500 || status == 429) {
                throw new RetriableException("Storage answered HTTP " + status + " for a segment range; "
                        + "will ask the service for fresh locations");
            }
            throw new TributaryException("Storage answered HTTP " + status + " for a segment range");
        });
    }
}
