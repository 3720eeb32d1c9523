package dev.tributary.functions.produce;

import dev.tributary.storage.log.IdempotencyKeys;
import dev.tributary.storage.log.ShardId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a segment's commit costs in DynamoDB terms, and whether it still fits one transaction:
 * one record per shard touched plus one condition check per idempotent producer plus the
 * segment's reference item, at most {@value #MAX_ITEMS} items; each record at most
 * {@value #MAX_RECORD_BYTES} bytes (an item holds 400 KB) and all of them at most
 * {@value #MAX_TOTAL_BYTES} bytes (a transaction holds 4 MB). Sizes are upper-bound estimates
 * of the encoding in {@link dev.tributary.storage.log.CommitRecordCodec}. Immutable.
 */
final class CommitBudget {
    static final int MAX_ITEMS = 100;
    static final int MAX_RECORD_BYTES = 300 * 1024;
    static final int MAX_TOTAL_BYTES = 3 * 1024 * 1024;
    /** Fixed attributes, keys and the full heads vector of a shard. */
    private static final int RECORD_BASE_BYTES = 128 + 10 * ShardId.PARTITIONS_PER_SHARD;
    private static final int SLICE_BYTES = 30;
    private static final int RUN_BYTES = 30;

    private final Map<ShardId, Integer> bytesPerShard;
    private final Set<Long> producers;

    private CommitBudget(Map<ShardId, Integer> bytesPerShard, Set<Long> producers) {
        this.bytesPerShard = bytesPerShard;
        this.producers = producers;
    }

    static CommitBudget empty() {
        return new CommitBudget(Map.of(), Set.of());
    }

    static CommitBudget of(List<SegmentBatcher.Append> appends) {
        Map<ShardId, Integer> bytes = new HashMap<>();
        Set<Long> producers = new HashSet<>();
        for (SegmentBatcher.Append a : appends) {
            long pid = a.summary().producerId();
            int cost = SLICE_BYTES + (pid >= 0 ? RUN_BYTES : 0);
            bytes.merge(ShardId.of(a.topicId(), a.partition()), RECORD_BASE_BYTES + cost, (x, y) -> x + cost);
            if (pid >= 0 && !IdempotencyKeys.isKey(pid)) {
                producers.add(pid);
            }
        }
        return new CommitBudget(bytes, producers);
    }

    CommitBudget plus(CommitBudget other) {
        Map<ShardId, Integer> bytes = new HashMap<>(bytesPerShard);
        other.bytesPerShard.forEach((s, b) -> bytes.merge(s, b, (x, y) -> x + y - RECORD_BASE_BYTES));
        Set<Long> all = new HashSet<>(producers);
        all.addAll(other.producers);
        return new CommitBudget(bytes, all);
    }

    boolean fitsOneCommit() {
        if (bytesPerShard.size() + producers.size() + 1 > MAX_ITEMS) {
            return false;
        }
        long total = 0;
        for (int b : bytesPerShard.values()) {
            if (b > MAX_RECORD_BYTES) {
                return false;
            }
            total += b;
        }
        return total <= MAX_TOTAL_BYTES;
    }

    String describe() {
        return bytesPerShard.size() + " partition shards and " + producers.size() + " idempotent producers";
    }

    static String describeLimit() {
        return (MAX_ITEMS - 1) + " partition shards plus idempotent producers ("
                + ShardId.PARTITIONS_PER_SHARD + " partitions per shard)";
    }
}
