package dev.tributary.functions;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.LogCommitter;
import dev.tributary.storage.ProducerState;
import dev.tributary.storage.Storage;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.PartitionId;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for tests: the segment has been PUT to S3 when the commit is asked for;
 * this committer "crashes" there for the first {@code test.fail-commits} commits, then
 * behaves normally.
 */
@Singleton
@Replaces(LogCommitter.class)
@Requires(property = "test.fail-commits")
public class FailingCommitter implements LogCommitter {
    private final LogCommitter real;
    private final AtomicInteger failuresLeft;

    public FailingCommitter(Storage storage, @io.micronaut.context.annotation.Value("${test.fail-commits}") int failures) {
        this.real = storage.newCommitter(Clock.systemUTC(), Duration.ofDays(1), Runnable::run, r -> { });
        this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public List<CommitRequest.Outcome> commit(String segmentKey, long segmentBytes, List<CommitRequest> requests) {
        if (failuresLeft.getAndDecrement() > 0) {
            throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "injected crash between S3 PUT and DynamoDB commit");
        }
        return real.commit(segmentKey, segmentBytes, requests);
    }

    @Override
    public Optional<ProducerState> producerState(PartitionId partition, long producerId, boolean refresh) {
        return real.producerState(partition, producerId, refresh);
    }
}
