package dev.tributary.storage;

import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.PartitionId;
import java.util.List;
import java.util.Optional;

/**
 * Commits segment objects that are already in S3: decides each request's offsets and makes
 * them visible, atomically per segment. Implemented by
 * {@link dev.tributary.storage.log.ShardCommitter} over the shard logs. Thread-safe.
 */
public interface LogCommitter {
    /**
     * Commits the requests of {@code segmentKey} and says, per request in order, what became
     * of it (offsets, the original offsets of a retried idempotent batch, or why it was refused).
     * Refused requests are not visible; the others are, all together.
     *
     * @throws dev.tributary.core.error.ApiException {@code STORAGE_UNAVAILABLE} or {@code THROTTLED}
     *         when the metadata store cannot be reached or keeps refusing; then none of the
     *         segment's requests is visible, unless the failure hid a commit that did happen
     *         (then they are all visible)
     */
    List<CommitRequest.Outcome> commit(String segmentKey, long segmentBytes, List<CommitRequest> requests);

    /** The committed state of an idempotent producer on a partition ({@code refresh}: re-read first). */
    Optional<ProducerState> producerState(PartitionId partition, long producerId, boolean refresh);
}
