package dev.tributary.core.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET /v1/stats}: this service instance's counters since it started (produce requests
 * and records in, segment PUTs and commit transactions out, flushes that failed, requests
 * refused with {@code THROTTLED}, fetches that waited for new records) and its heap.
 */
@Schema(description = "This instance's counters since it started, and its heap.")
public record ServiceStats(long produceRequests, long producedRecords, long producedBytes, long segmentPuts,
                           long segmentBytes, long commitTransactions, long failedFlushes, long throttledRequests,
                           long heapUsedBytes, long heapMaxBytes, int fetchLongPolls) {
}
