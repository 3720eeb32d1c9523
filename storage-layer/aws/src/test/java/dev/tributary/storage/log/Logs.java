package dev.tributary.storage.log;

import dev.tributary.storage.SegmentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders shared by the log tests. */
public final class Logs {
    private Logs() {
    }

    public static ShardCommitter committer(ShardLog log, SegmentStore objects, Clock clock) {
        return new ShardCommitter(log, objects, clock, Duration.ofDays(1), Runnable::run, r -> { });
    }

    /** A request of one plain batch of {@code records} records for each partition, laid out one after another. */
    public static CommitRequest plain(UUID topic, int records, int... partitions) {
        List<CommitRequest.Slice> slices = new ArrayList<>();
        long position = 0;
        for (int p : partitions) {
            slices.add(CommitRequest.Slice.plain(new PartitionId(topic, p), position, 100, records, 1000, 1000));
            position += 100;
        }
        return new CommitRequest(slices);
    }

    public static CommitRequest expecting(UUID topic, int partition, long expected, int records) {
        return new CommitRequest(List.of(CommitRequest.Slice.plain(new PartitionId(topic, partition), 0, 100, records, 1000, 1000)),
                Map.of(new PartitionId(topic, partition), expected));
    }

    public static CommitRequest idempotent(UUID topic, int partition, long producerId, short epoch, int firstSeq, int records) {
        return new CommitRequest(List.of(new CommitRequest.Slice(new PartitionId(topic, partition), 0, 100, records, 1000, 1000,
                producerId, epoch, firstSeq)));
    }
}
