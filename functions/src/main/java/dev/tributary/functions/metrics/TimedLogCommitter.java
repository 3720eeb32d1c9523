package dev.tributary.functions.metrics;

import dev.tributary.storage.ChunkAppend;
import dev.tributary.storage.LogCommitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * A {@link LogCommitter} that times each commit, lost races and their retries included
 * ({@code tributary.commit.latency}, tagged with the outcome). Thread-safe when the
 * wrapped committer is.
 */
public final class TimedLogCommitter implements LogCommitter {
    private final LogCommitter delegate;
    private final Timer succeeded;
    private final Timer failed;

    public TimedLogCommitter(LogCommitter delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.succeeded = timer(registry, "success");
        this.failed = timer(registry, "failure");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("tributary.commit.latency")
                .description("Committing one segment in DynamoDB, retries after lost races included")
                .tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    @Override
    public List<Long> commit(String segmentKey, long segmentBytes, List<ChunkAppend> chunks) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            List<Long> bases = delegate.commit(segmentKey, segmentBytes, chunks);
            ok = true;
            return bases;
        } finally {
            (ok ? succeeded : failed).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
