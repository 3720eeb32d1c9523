package dev.tributary.functions.produce;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the produce path, served at {@code GET /v1/stats} so batching is visible:
 * requests and records in, S3 PUTs and DynamoDB commit transactions out. Thread-safe.
 */
@Singleton
public class ProduceStats {
    final LongAdder requests = new LongAdder();
    final LongAdder records = new LongAdder();
    final LongAdder recordBytes = new LongAdder();
    final LongAdder segmentPuts = new LongAdder();
    final LongAdder segmentBytes = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder failedFlushes = new LongAdder();
    final LongAdder throttled = new LongAdder();

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("produceRequests", requests.sum());
        m.put("producedRecords", records.sum());
        m.put("producedBytes", recordBytes.sum());
        m.put("segmentPuts", segmentPuts.sum());
        m.put("segmentBytes", segmentBytes.sum());
        m.put("commitTransactions", commits.sum());
        m.put("failedFlushes", failedFlushes.sum());
        m.put("throttledRequests", throttled.sum());
        Runtime rt = Runtime.getRuntime();
        m.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        m.put("heapMaxBytes", rt.maxMemory());
        return m;
    }
}
