package dev.tributary.functions.maintenance;

import dev.tributary.core.api.DeleteRecordsResponse;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.storage.Lease;
import dev.tributary.storage.PartitionHead;
import dev.tributary.storage.PartitionStore;
import dev.tributary.storage.Storage;
import dev.tributary.storage.Topic;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/**
 * The one place that moves log start offsets: Kafka's {@code deleteRecords} for users and
 * retention for maintenance. Moves are records of the shard log written by a committer of
 * their own, sequenced with produce commits by the log's conditional puts; maintenance moves
 * are also conditioned on the worker's lease. Thread-safe.
 */
@Singleton
public class LogStartService {
    private final TopicService topics;
    private final PartitionStore partitions;
    private final ShardCommitter committer;

    public LogStartService(TopicService topics, PartitionStore partitions, Storage storage, Clock clock,
                           TributaryConfig config) {
        this.topics = topics;
        this.partitions = partitions;
        this.committer = storage.newCommitter(clock, config.getProduce().getProducerStateRetention(), Runnable::run,
                record -> { });
    }

    /**
     * Makes every record of the partition before {@code beforeOffset} unreadable ({@code -1}:
     * before the high watermark). Below the current start it changes nothing.
     *
     * @return the partition, its new {@code earliestOffset} (Kafka's low watermark) and {@code latestOffset}
     * @throws ApiException {@code INVALID_REQUEST}, {@code TOPIC_NOT_FOUND}, {@code PARTITION_NOT_FOUND},
     *         or {@code OFFSET_OUT_OF_RANGE} past the end; nothing is changed then
     */
    public DeleteRecordsResponse deleteRecords(String topicName, int partition, long beforeOffset) {
        if (beforeOffset < -1) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "'beforeOffset' must be an offset >= 0, or -1 for the "
                    + "high watermark, not " + beforeOffset + ".");
        }
        Topic topic = topics.requirePartition(topicName, partition);
        long before = beforeOffset == -1 ? partitions.head(topic.topicId(), partition).nextOffset() : beforeOffset;
        PartitionId p = new PartitionId(topic.topicId(), partition);
        ShardCommitter.LogStartMove move = committer.moveLogStart(p.shard(), Map.of(partition, before), null);
        PartitionHead head = partitions.head(topic.topicId(), partition);
        return new DeleteRecordsResponse(topic.name(), partition,
                Math.max(head.logStartOffset(), move.startOffsets().get(partition)), head.nextOffset());
    }

    /** Moves starts under a maintenance lease; see {@link ShardCommitter#moveLogStart}. */
    ShardCommitter.LogStartMove move(ShardId shard, Map<Integer, Long> starts, Lease lease) {
        return committer.moveLogStart(shard, starts, lease);
    }
}
