package dev.tributary.storage.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@link ShardLog} in memory, for unit tests of the produce and read paths (the model is
 * AutoMQ's {@code MemoryObjectStorage}). Producer epochs are whatever {@code epochs} says.
 * Thread-safe: every method is synchronized.
 */
public final class MemoryShardLog implements ShardLog {
    private final Map<ShardId, TreeMap<Long, CommitRecord>> logs = new HashMap<>();
    private final Set<String> references = new HashSet<>();
    private final Map<String, Integer> liveExtents = new HashMap<>();
    private final Map<String, Long> releasedAtMs = new HashMap<>();
    private final Function<Long, Short> epochs;
    private int commits;
    private int latestReads;
    private java.util.function.Predicate<dev.tributary.storage.Lease> leaseHeld = lease -> true;

    public MemoryShardLog(Function<Long, Short> epochs) {
        this.epochs = epochs;
    }

    public MemoryShardLog() {
        this(pid -> null);
    }

    @Override
    public synchronized Optional<CommitRecord> latest(ShardId shard) {
        latestReads++;
        TreeMap<Long, CommitRecord> log = logs.get(shard);
        return log == null || log.isEmpty() ? Optional.empty() : Optional.of(log.lastEntry().getValue());
    }

    @Override
    public synchronized Optional<CommitRecord> get(ShardId shard, long seq) {
        TreeMap<Long, CommitRecord> log = logs.get(shard);
        return Optional.ofNullable(log == null ? null : log.get(seq));
    }

    @Override
    public synchronized List<CommitRecord> after(ShardId shard, long seq, int limit) {
        TreeMap<Long, CommitRecord> log = logs.get(shard);
        List<CommitRecord> out = new ArrayList<>();
        if (log != null) {
            for (CommitRecord r : log.tailMap(seq, false).values()) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized Outcome commit(List<CommitRecord> records, SegmentReference reference,
                                       Map<Long, Short> producerEpochs) {
        Set<Long> fenced = new HashSet<>();
        producerEpochs.forEach((pid, epoch) -> {
            Short current = epochs.apply(pid);
            if (current != null && !current.equals(epoch)) {
                fenced.add(pid);
            }
        });
        if (!fenced.isEmpty()) {
            return Outcome.fenced(fenced);
        }
        Set<ShardId> conflicts = new HashSet<>();
        for (CommitRecord r : records) {
            TreeMap<Long, CommitRecord> log = logs.computeIfAbsent(r.shard(), k -> new TreeMap<>());
            long last = log.isEmpty() ? 0 : log.lastKey();
            if (r.seq() != last + 1) {
                conflicts.add(r.shard());
            }
        }
        if (!conflicts.isEmpty()) {
            return Outcome.conflict(conflicts);
        }
        if (reference != null && !references.add(reference.segmentKey())) {
            throw new IllegalStateException("segment " + reference.segmentKey() + " committed twice");
        }
        if (reference != null) {
            liveExtents.put(reference.segmentKey(), records.stream().mapToInt(r -> r.extents().size()).sum());
        }
        for (CommitRecord r : records) {
            logs.get(r.shard()).put(r.seq(), r);
        }
        commits++;
        return Outcome.success();
    }

    @Override
    public synchronized boolean append(CommitRecord record) {
        TreeMap<Long, CommitRecord> log = logs.computeIfAbsent(record.shard(), k -> new TreeMap<>());
        if (log.containsKey(record.seq())) {
            return false;
        }
        log.put(record.seq(), record);
        return true;
    }

    @Override
    public synchronized MaintenanceAppend appendFenced(CommitRecord record, dev.tributary.storage.Lease lease) {
        MaintenanceAppend refused = refusal(record, lease);
        if (refused != null) {
            return refused;
        }
        logs.get(record.shard()).put(record.seq(), record);
        return MaintenanceAppend.APPENDED;
    }

    /** Why a maintenance record cannot be appended (lease moved, seq taken), or null when it can. */
    private MaintenanceAppend refusal(CommitRecord record, dev.tributary.storage.Lease lease) {
        if (lease != null && !leaseHeld.test(lease)) {
            return MaintenanceAppend.FENCED;
        }
        TreeMap<Long, CommitRecord> log = logs.computeIfAbsent(record.shard(), k -> new TreeMap<>());
        long last = log.isEmpty() ? 0 : log.lastKey();
        return record.seq() != last + 1 ? MaintenanceAppend.SEQ_TAKEN : null;
    }

    @Override
    public synchronized MaintenanceAppend appendOverride(CommitRecord record, dev.tributary.storage.Lease lease,
                                                         ExtentsMoved moved) {
        MaintenanceAppend refused = refusal(record, lease);
        if (refused != null) {
            return refused;
        }
        if (!references.contains(moved.segmentKey()) || liveExtents.getOrDefault(moved.segmentKey(), 0) != 0) {
            return MaintenanceAppend.REFERENCES_CHANGED;
        }
        for (Map.Entry<String, Integer> e : moved.released().entrySet()) {
            if (liveExtents.getOrDefault(e.getKey(), 0) < e.getValue()) {
                return MaintenanceAppend.REFERENCES_CHANGED;
            }
        }
        moved.released().forEach((key, n) -> {
            liveExtents.merge(key, -n, Integer::sum);
            releasedAtMs.put(key, moved.nowMs());
        });
        liveExtents.put(moved.segmentKey(), moved.extents());
        releasedAtMs.remove(moved.segmentKey());
        logs.get(record.shard()).put(record.seq(), record);
        return MaintenanceAppend.APPENDED;
    }

    @Override
    public synchronized void putUnusedReference(SegmentReference reference, ShardId shard) {
        if (!references.add(reference.segmentKey())) {
            throw new IllegalStateException("segment " + reference.segmentKey() + " already has a reference");
        }
        liveExtents.put(reference.segmentKey(), 0);
        releasedAtMs.put(reference.segmentKey(), reference.createdAtMs());
    }

    /** The live-extent count of a segment's reference ({@code liveBatches}), or null without a reference. */
    public synchronized Integer liveExtents(String segmentKey) {
        return references.contains(segmentKey) ? liveExtents.getOrDefault(segmentKey, 0) : null;
    }

    public synchronized Long releasedAtMs(String segmentKey) {
        return releasedAtMs.get(segmentKey);
    }

    /** Makes {@link #appendFenced} check leases with {@code held} (e.g. {@code MemoryLeaseStore::holds}). */
    public synchronized MemoryShardLog fencedBy(java.util.function.Predicate<dev.tributary.storage.Lease> held) {
        this.leaseHeld = held;
        return this;
    }

    /** Reads of a shard's newest record so far (each a strongly consistent Query on DynamoDB). */
    public synchronized int latestReads() {
        return latestReads;
    }

    /** Successful commits so far. */
    public synchronized int commits() {
        return commits;
    }

    public synchronized boolean referenced(String segmentKey) {
        return references.contains(segmentKey);
    }
}
