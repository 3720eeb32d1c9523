package dev.tributary.functions.maintenance;

import dev.tributary.storage.Lease;
import dev.tributary.storage.LeaseStore;
import dev.tributary.storage.Storage;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicStore;
import dev.tributary.storage.log.SegmentRewriter;
import dev.tributary.storage.log.ShardId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges small entries into per-partition objects and compacts compacted topics
 * ({@link SegmentRewriter}): for every shard of every topic, plans with reads only and, when
 * there is something to do, takes the shard's lease ({@code merge#<shard>}) and does it, each
 * swap conditioned on the lease. Topics with {@code cleanup.policy} {@code compact} or
 * {@code compact,delete} are compacted (which also merges); the others are merged.
 *
 * <p>Bounded: at most {@code max-shards-per-run} shards and {@code merge-max-bytes-per-run}
 * bytes copied per run; the next run continues after the last shard visited, and a run cut
 * short leaves nothing half done (every swap is one transaction). Thread-safe; runs are serialized.
 */
@Singleton
public class MergeJob {
    private static final Logger LOG = LoggerFactory.getLogger(MergeJob.class);

    private final TopicStore topics;
    private final LeaseStore leases;
    private final SegmentRewriter rewriter;
    private final MaintenanceConfig config;
    private final String owner = "merge-" + UUID.randomUUID();
    private final ShardRotation rotation = new ShardRotation();

    public MergeJob(TopicStore topics, Storage storage, MaintenanceConfig config, Clock clock) {
        this.topics = topics;
        this.leases = storage.leases();
        this.rewriter = new SegmentRewriter(storage.shardLog(), storage.logReader(), storage.segments(), clock,
                new SegmentRewriter.Settings(config.getMergeTargetBytes(), config.getMergeExtentBytes(),
                        config.getMergeMinAge(), config.getMergeMinEntries()));
        this.config = config;
    }

    /** One pass; fails with the storage layer's {@code ApiException}. */
    public synchronized MergeReport run() {
        List<ShardId> shards = new ArrayList<>();
        Map<UUID, Topic> byId = new HashMap<>();
        for (Topic t : topics.list()) {
            byId.put(t.topicId(), t);
            for (int s = 0; s < ShardId.shardCount(t.partitions()); s++) {
                shards.add(new ShardId(t.topicId(), s));
            }
        }
        List<ShardId> visit = rotation.next(shards, config.getMaxShardsPerRun());
        long budget = config.getMergeMaxBytesPerRun();
        int checked = 0;
        int merges = 0;
        long entries = 0;
        long bytes = 0;
        int busy = 0;
        int fenced = 0;
        for (ShardId shard : visit) {
            if (budget <= 0) {
                break;
            }
            checked++;
            Topic topic = byId.get(shard.topicId());
            int first = shard.shard() * ShardId.PARTITIONS_PER_SHARD;
            int end = Math.min(topic.partitions(), first + ShardId.PARTITIONS_PER_SHARD);
            boolean compact = topic.config().compacts();
            List<SegmentRewriter.Plan> plans = compact
                    ? rewriter.planCompaction(shard, first, end, topic.config().minCompactionLagMs(), budget)
                    : rewriter.plan(shard, first, end, budget);
            if (plans.isEmpty()) {
                continue;
            }
            Lease lease = leases.acquire("merge#" + shard.key(), owner, config.getLeaseDuration()).orElse(null);
            if (lease == null) {
                busy++;
                continue;
            }
            try {
                SegmentRewriter.Summary s = compact
                        ? rewriter.compactAll(plans, lease, topic.config().deleteRetentionMs())
                        : rewriter.mergeAll(plans, lease);
                merges += s.merges();
                entries += s.entriesReplaced();
                bytes += s.bytesWritten();
                fenced += s.fenced() ? 1 : 0;
                budget -= plans.stream().mapToLong(SegmentRewriter.Plan::bytes).sum();
            } finally {
                leases.release(lease);
            }
        }
        MergeReport report = new MergeReport(checked, merges, entries, bytes, busy, fenced, checked == shards.size());
        if (merges > 0 || busy > 0 || fenced > 0) {
            LOG.info("Merging: {} shards checked, {} merges ({} entries, {} bytes), {} busy, {} fenced", checked, merges,
                    entries, bytes, busy, fenced);
        }
        return report;
    }
}
