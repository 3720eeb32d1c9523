package dev.tributary.functions.maintenance;

import dev.tributary.storage.Lease;
import dev.tributary.storage.LeaseStore;
import dev.tributary.storage.Storage;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicConfig;
import dev.tributary.storage.TopicStore;
import dev.tributary.storage.log.RetentionPlanner;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@code retention.ms} and {@code retention.bytes}: for every shard of every topic
 * with {@code cleanup.policy=delete}, decides the new log starts ({@link RetentionPlanner},
 * reads only) and, when a start moves, takes the shard's lease ({@code retention#<shard>})
 * and writes the move conditioned on it. A worker paused past its lease has its move rejected.
 *
 * <p>Bounded: at most {@code max-shards-per-run} shards per run; the next run of this
 * instance continues after the last shard checked (a fresh instance starts from the first;
 * moves are idempotent, so re-checking a shard is harmless). Thread-safe; runs are serialized.
 */
@Singleton
public class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final TopicStore topics;
    private final LeaseStore leases;
    private final LogStartService starts;
    private final RetentionPlanner planner;
    private final MaintenanceConfig config;
    private final Clock clock;
    private final String owner = "retention-" + UUID.randomUUID();
    private final ShardRotation rotation = new ShardRotation();

    public RetentionJob(TopicStore topics, Storage storage, LogStartService starts, MaintenanceConfig config, Clock clock) {
        this.topics = topics;
        this.leases = storage.leases();
        this.starts = starts;
        this.planner = new RetentionPlanner(storage.shardLog(), config.getMaxRecordsPerShard());
        this.config = config;
        this.clock = clock;
    }

    /** One pass; fails with the storage layer's {@code ApiException}. */
    public synchronized RetentionReport run() {
        List<ShardId> shards = new ArrayList<>();
        Map<UUID, Topic> byId = new java.util.HashMap<>();
        for (Topic t : topics.list()) {
            TopicConfig c = t.config();
            if (!c.deletes() || c.retentionMs() < 0 && c.retentionBytes() < 0) {
                continue;
            }
            byId.put(t.topicId(), t);
            for (int s = 0; s < ShardId.shardCount(t.partitions()); s++) {
                shards.add(new ShardId(t.topicId(), s));
            }
        }
        List<ShardId> visit = rotation.next(shards, config.getMaxShardsPerRun());
        int checked = 0;
        int moved = 0;
        long removed = 0;
        int busy = 0;
        int fenced = 0;
        for (ShardId shard : visit) {
            checked++;
            Topic topic = byId.get(shard.topicId());
            int first = shard.shard() * ShardId.PARTITIONS_PER_SHARD;
            int end = Math.min(topic.partitions(), first + ShardId.PARTITIONS_PER_SHARD);
            Map<Integer, Long> plan = planner.plan(shard, first, end, topic.config().retentionMs(),
                    topic.config().retentionBytes(), clock.millis());
            if (plan.isEmpty()) {
                continue;
            }
            Lease lease = leases.acquire("retention#" + shard.key(), owner, config.getLeaseDuration()).orElse(null);
            if (lease == null) {
                busy++;
                continue;
            }
            try {
                ShardCommitter.LogStartMove move = starts.move(shard, plan, lease);
                if (move.result() == ShardCommitter.LogStartMove.Result.FENCED) {
                    fenced++;
                } else {
                    for (Map.Entry<Integer, Long> e : move.startOffsets().entrySet()) {
                        long delta = e.getValue() - move.previousStartOffsets().get(e.getKey());
                        if (delta > 0) {
                            moved++;
                            removed += delta;
                        }
                    }
                }
            } finally {
                leases.release(lease);
            }
        }
        RetentionReport report = new RetentionReport(checked, moved, removed, busy, fenced, visit.size() == shards.size());
        if (moved > 0 || busy > 0 || fenced > 0) {
            LOG.info("Retention: {} shards checked, {} partitions moved ({} records), {} busy, {} fenced",
                    checked, moved, removed, busy, fenced);
        }
        return report;
    }
}
