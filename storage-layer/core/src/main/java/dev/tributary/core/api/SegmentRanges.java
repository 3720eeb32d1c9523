package dev.tributary.core.api;

import java.util.List;

/**
 * {@code GET /v1/topics/{topic}/partitions/{p}/segments}: the byte ranges of S3 objects that
 * hold the records from the requested offset, each with a presigned URL valid for
 * {@code urlTtlMs}; empty when the offset is the high watermark.
 */
public record SegmentRanges(String topicId, long logStartOffset, long highWatermark, long urlTtlMs, List<Range> ranges) {

    /**
     * Bytes {@code [position, position + length)} of {@code segmentKey}: Kafka v2 record batches
     * holding {@code recordCount} records from {@code baseOffset}; GET {@code url} with that range.
     */
    public record Range(String segmentKey, String url, long position, int length, long baseOffset, int recordCount,
                        long maxTimestamp) {
    }
}
