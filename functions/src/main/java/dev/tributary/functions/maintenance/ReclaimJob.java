package dev.tributary.functions.maintenance;

import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.storage.Lease;
import dev.tributary.storage.LeaseStore;
import dev.tributary.storage.LogTrimmer;
import dev.tributary.storage.ReclaimFrontiers;
import dev.tributary.storage.SegmentCollector;
import dev.tributary.storage.SegmentReleaser;
import dev.tributary.storage.Storage;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicStore;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.ReplacedExtents;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.ShardLog;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims storage below the log starts of live topics: per shard, releases the segment
 * references of records wholly below the start and trims log records nothing needs (under the
 * shard's lease {@code reclaim#<shard>}), then deletes the segment objects that nothing has
 * referenced for longer than the grace period ({@link SegmentCollector}). A shard is leased
 * only when its next unreleased record is releasable or something is trimmable, decided by
 * reads; an idle shard costs two small reads per run.
 *
 * <p>The grace period is {@code tributary.maintenance.segment-grace}, and never less than the
 * presigned URL lifetime ({@code tributary.fetch.presign-ttl}). Thread-safe; runs are serialized.
 */
@Singleton
public class ReclaimJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReclaimJob.class);

    private final TopicStore topics;
    private final ShardLog log;
    private final LeaseStore leases;
    private final ReclaimFrontiers frontiers;
    private final SegmentReleaser releaser;
    private final LogTrimmer trimmer;
    private final SegmentCollector collector;
    private final MaintenanceConfig config;
    private final Duration presignTtl;
    private final String owner = "reclaim-" + UUID.randomUUID();

    public ReclaimJob(TopicStore topics, Storage storage, MaintenanceConfig config, TributaryConfig tributary) {
        this.topics = topics;
        this.log = storage.shardLog();
        this.leases = storage.leases();
        this.frontiers = storage.reclaimFrontiers();
        this.releaser = storage.segmentReleaser();
        this.trimmer = storage.logTrimmer();
        this.collector = storage.segmentCollector();
        this.config = config;
        this.presignTtl = tributary.getFetch().getPresignTtl();
    }

    /** The grace period actually applied: the configured one, at least the presigned URL lifetime. */
    Duration grace() {
        return config.getSegmentGrace().compareTo(presignTtl) >= 0 ? config.getSegmentGrace() : presignTtl;
    }

    /** One pass; fails with the storage layer's {@code ApiException}. */
    public synchronized ReclaimReport run() {
        long budget = config.getMaxReclaimRecordsPerRun();
        int worked = 0;
        long released = 0;
        int emptied = 0;
        int notCounted = 0;
        long trimmed = 0;
        int busy = 0;
        int fenced = 0;
        boolean complete = true;
        topics:
        for (Topic t : topics.list()) {
            for (int s = 0; s < ShardId.shardCount(t.partitions()); s++) {
                if (released + trimmed >= budget) {
                    complete = false;
                    break topics;
                }
                ShardId shard = new ShardId(t.topicId(), s);
                if (!worthLeasing(shard)) {
                    continue;
                }
                Lease lease = leases.acquire("reclaim#" + shard.key(), owner, config.getLeaseDuration()).orElse(null);
                if (lease == null) {
                    busy++;
                    continue;
                }
                try {
                    worked++;
                    SegmentReleaser.Result r = releaser.release(shard, lease, budget - released - trimmed);
                    released += r.recordsReleased();
                    emptied += r.segmentsEmptied();
                    notCounted += r.segmentsNotCounted();
                    if (r.fenced()) {
                        fenced++;
                        continue;
                    }
                    LogTrimmer.Result trim = trimmer.trim(shard, lease, Math.max(0, budget - released - trimmed));
                    trimmed += trim.itemsDeleted();
                    if (trim.fenced()) {
                        fenced++;
                    }
                } finally {
                    leases.release(lease);
                }
            }
        }
        SegmentCollector.Result gc = collector.collect(grace(), config.getLeaseDuration(), config.getMaxSegmentDeletesPerRun());
        if (gc.busy()) {
            busy++;
        }
        if (gc.fenced()) {
            fenced++;
        }
        ReclaimReport report = new ReclaimReport(worked, released, emptied, trimmed, gc.objectsDeleted(), gc.bytesDeleted(),
                busy, fenced, complete && gc.complete(), notCounted);
        if (released > 0 || trimmed > 0 || gc.objectsDeleted() > 0) {
            LOG.info("Reclaim: {} records released ({} segments now unreferenced), {} log items trimmed, "
                    + "{} objects ({} bytes) deleted", released, emptied, trimmed, gc.objectsDeleted(), gc.bytesDeleted());
        }
        return report;
    }

    /** Whether the shard has a releasable record after its frontier or trimmable records (reads only). */
    private boolean worthLeasing(ShardId shard) {
        Optional<CommitRecord> latest = log.latest(shard);
        if (latest.isEmpty() || !anyStart(latest.get())) {
            return false;
        }
        ReclaimFrontiers.Frontier frontier = frontiers.read(shard);
        if (LogTrimmer.trimmable(latest.get(), frontier) > frontier.trimmedSeq()) {
            return true;
        }
        if (frontier.releasedSeq() >= latest.get().seq()) {
            return false;
        }
        List<CommitRecord> next = log.after(shard, frontier.releasedSeq(), 1);
        return !next.isEmpty() && ReplacedExtents.whollyBelowStart(next.get(0), latest.get());
    }

    private static boolean anyStart(CommitRecord r) {
        for (long s : r.startOffsets()) {
            if (s > 0) {
                return true;
            }
        }
        return false;
    }
}
