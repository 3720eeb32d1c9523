package dev.tributary.functions.metrics;

import dev.tributary.storage.LogCommitter;
import dev.tributary.storage.ProducerState;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.PartitionId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
    public List<CommitRequest.Outcome> commit(String segmentKey, long segmentBytes, List<CommitRequest> requests) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            List<CommitRequest.Outcome> outcomes = delegate.commit(segmentKey, segmentBytes, requests);
            ok = true;
            return outcomes;
        } finally {
            (ok ? succeeded : failed).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public Optional<ProducerState> producerState(PartitionId partition, long producerId, boolean refresh) {
        return delegate.producerState(partition, producerId, refresh);
    }
}
