package dev.tributary.functions.produce;

import dev.tributary.core.api.ServiceStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Meters of the produce path: requests and records in, S3 PUTs and DynamoDB commit
 * transactions out. They live in the application's {@link MeterRegistry} (scraped at
 * {@code /prometheus}); {@code GET /v1/stats} shows the same values as {@link #snapshot()}.
 * Thread-safe.
 */
@Singleton
public class ProduceStats {
    final Count requests;
    final Count records;
    final Count recordBytes;
    final Count segmentPuts;
    final Count segmentBytes;
    final Count commits;
    final Count failedFlushes;
    final Count throttled;

    /** Stats kept in a registry of their own, for code built without the application context. */
    public ProduceStats() {
        this(new SimpleMeterRegistry());
    }

    @Inject
    public ProduceStats(MeterRegistry registry) {
        requests = new Count(counter(registry, "tributary.produce.requests", "Produce requests accepted for writing"), null);
        records = new Count(counter(registry, "tributary.produce.records", "Records accepted for writing"), null);
        recordBytes = new Count(counter(registry, "tributary.produce.request.bytes", "Bytes of produce request bodies accepted"), null);
        segmentPuts = new Count(counter(registry, "tributary.segments.written", "Segments written to S3 and committed"), null);
        segmentBytes = new Count(counter(registry, "tributary.segments.written.bytes", "Bytes of segments written and committed"),
                DistributionSummary.builder("tributary.segment.size").baseUnit("bytes")
                        .description("Size of each committed segment").publishPercentileHistogram()
                        .minimumExpectedValue(1024.0).maximumExpectedValue(64.0 * 1024 * 1024).register(registry));
        commits = new Count(counter(registry, "tributary.commits", "DynamoDB commit transactions that succeeded"), null);
        failedFlushes = new Count(counter(registry, "tributary.segments.failed", "Segments whose PUT or commit failed"), null);
        throttled = new Count(counter(registry, "tributary.produce.throttled", "Produce requests refused with THROTTLED"), null);
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** The {@code /v1/stats} view, with the fetch long polls counted elsewhere. */
    public ServiceStats snapshot(int fetchLongPolls) {
        Runtime rt = Runtime.getRuntime();
        return new ServiceStats(requests.sum(), records.sum(), recordBytes.sum(), segmentPuts.sum(), segmentBytes.sum(),
                commits.sum(), failedFlushes.sum(), throttled.sum(), rt.totalMemory() - rt.freeMemory(), rt.maxMemory(),
                fetchLongPolls);
    }

    /** A monotonic count backed by a Micrometer counter, optionally also recording each amount. */
    static final class Count {
        private final Counter counter;
        private final DistributionSummary amounts;

        Count(Counter counter, DistributionSummary amounts) {
            this.counter = counter;
            this.amounts = amounts;
        }

        void increment() {
            counter.increment();
        }

        void add(long amount) {
            counter.increment(amount);
            if (amounts != null) {
                amounts.record(amount);
            }
        }

        long sum() {
            return (long) counter.count();
        }
    }
}
