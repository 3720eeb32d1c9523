package dev.tributary.benchmarks;

import dev.tributary.benchmarks.cost.CostModel;
import dev.tributary.benchmarks.cost.RequestCounts;
import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.Lease;
import dev.tributary.storage.SegmentKeys;
import dev.tributary.storage.Storage;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicConfig;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Measures reclaiming storage below the log start on the embedded stack (DynamoDB Local and
 * s3proxy on disk): a backlog of {@code reclaim.probe.segments} segments of
 * {@code reclaim.probe.segment-mib} MiB (default 1,024 x 1 MiB = 1 GiB) over 10 partitions of one
 * shard, then retention moving every start past 90 % of it, then release, trim and segment
 * garbage collection with a zero grace period. Prints object and item counts before and after,
 * and the maintenance requests (and their dollars) per GiB reclaimed, counted by
 * {@code AwsRequestCounter}. Not part of the default suite (the name does not end in Test):
 *
 * <pre>./mvnw -B -ntp -q -pl benchmarks -am test -Dtest=ReclaimProbe -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class ReclaimProbe {
    private static final int PARTITIONS = 10;
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void measure() throws Exception {
        int segments = Integer.getInteger("reclaim.probe.segments", 1024);
        int segmentBytes = Integer.getInteger("reclaim.probe.segment-mib", 1) * 1024 * 1024;
        Path dir = Files.createTempDirectory("tributary-reclaim-probe-");
        try (EmbeddedStack stack = EmbeddedStack.builder().dataDir(dir).build().start();
             Storage storage = new Storage(EmbeddedStorage.settingsFor(stack, 64), Clock.systemUTC())) {
            Topic topic = storage.topics().create("reclaim-probe", PARTITIONS, TopicConfig.DEFAULTS);
            ShardId shard = new ShardId(topic.topicId(), 0);
            ShardCommitter committer = new ShardCommitter(storage.shardLog(), storage.segments(), Clock.systemUTC(),
                    Duration.ofDays(1), Runnable::run, r -> { });
            byte[] payload = new byte[segmentBytes];
            new java.util.Random(1).nextBytes(payload);
            int extent = segmentBytes / PARTITIONS;
            long started = System.nanoTime();
            for (int i = 0; i < segments; i++) {
                List<CommitRequest.Slice> slices = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    slices.add(CommitRequest.Slice.plain(new PartitionId(topic.topicId(), p), (long) p * extent, extent,
                            100, 1000, 1000));
                }
                String key = SegmentKeys.newKey();
                storage.segments().put(key, payload);
                committer.commit(key, segmentBytes, List.of(new CommitRequest(slices)));
            }
            System.out.printf("backlog: %d segments of %d MiB (%.2f GiB) over %d partitions, written in %.0f s%n",
                    segments, segmentBytes >> 20, (double) segments * segmentBytes / CostModel.GIB, PARTITIONS,
                    (System.nanoTime() - started) / 1e9);
            Counts before = counts(stack, storage, topic);
            System.out.println("before: " + before);

            RequestCounts start = RequestCounts.now();
            long keepFrom = (long) (segments * 0.9) * 100;
            Map<Integer, Long> starts = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                starts.put(p, keepFrom);
            }
            Lease lease = storage.leases().acquire("reclaim#" + shard.key(), "probe", LEASE).orElseThrow();
            committer.moveLogStart(shard, starts, lease);
            RequestCounts afterMove = RequestCounts.now();
            long released = 0;
            long trimmed = 0;
            while (true) {
                long r = storage.segmentReleaser().release(shard, lease, 20_000).recordsReleased();
                long t = storage.logTrimmer().trim(shard, lease, 20_000).itemsDeleted();
                released += r;
                trimmed += t;
                if (r == 0 && t == 0) {
                    break;
                }
            }
            var gc = storage.segmentCollector().collect(Duration.ZERO, LEASE, 100_000);
            RequestCounts end = RequestCounts.now();
            Counts after = counts(stack, storage, topic);
            System.out.println("after:  " + after);
            System.out.printf("released %d records, trimmed %d log items, deleted %d objects (%.3f GiB)%n",
                    released, trimmed, gc.objectsDeleted(), gc.bytesDeleted() / CostModel.GIB);
            double gib = gc.bytesDeleted() / CostModel.GIB;
            report("start move", afterMove.minus(start), gib);
            report("release + trim + collect", end.minus(afterMove), gib);
            report("all maintenance", end.minus(start), gib);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void report(String what, RequestCounts c, double gib) {
        var lines = CostModel.tributaryPerGiB(c, (long) (gib * CostModel.GIB));
        System.out.printf("%s per GiB reclaimed: %s; S3 PUT-class %.1f, DynamoDB writes %.1f (%.1f WRU), reads %.1f (%.1f RRU),"
                        + " $%.5f%n", what, c.calls(), c.s3PutClass() / gib, c.dynamoWriteRequests() / gib,
                c.writeUnits() / gib, c.dynamoReadRequests() / gib, c.readUnits() / gib, CostModel.total(lines));
    }

    record Counts(long objects, long objectBytes, long snapshots, long logItems, long referenceItems) {
    }

    private static Counts counts(EmbeddedStack stack, Storage storage, Topic topic) {
        AtomicLong objects = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        storage.segments().list(o -> {
            objects.incrementAndGet();
            bytes.addAndGet(o.sizeBytes());
        });
        AtomicLong snapshots = new AtomicLong();
        storage.segments().listUnder("snapshots/", o -> snapshots.incrementAndGet());
        long logItems = storage.shardLog().after(new ShardId(topic.topicId(), 0), 0, Integer.MAX_VALUE).size();
        DynamoDbClient dynamo = stack.dynamoDbClient();
        long references = dynamo.scanPaginator(r -> r.tableName(storage.settings().tables().segments()).select("COUNT"))
                .stream().mapToLong(p -> p.count()).sum();
        return new Counts(objects.get(), bytes.get(), snapshots.get(), logItems, references);
    }
}
