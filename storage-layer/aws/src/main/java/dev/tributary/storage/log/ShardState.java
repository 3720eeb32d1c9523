package dev.tributary.storage.log;

import dev.tributary.core.format.CorruptSegmentException;
import dev.tributary.storage.ProducerState;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A shard's state after its record {@link #seq()}: each partition's next and start offset,
 * the largest timestamp so far, the snapshot pointer and every idempotent producer's state,
 * obtained by replaying records ({@link #apply}) on top of a snapshot, the way Kafka rebuilds
 * its producer state from its log.
 *
 * <p>Not thread-safe: the committer guards each shard's state with the shard's lock.
 */
public final class ShardState {
    private static final int SNAPSHOT_VERSION = 1;

    private final ShardId shard;
    private long seq;
    private long[] nextOffsets = new long[0];
    private long[] startOffsets = new long[0];
    private long maxTimestampMs = -1;
    private SnapshotRef snapshot;
    private long newestOverrideSeq;
    private PartitionBytes bytes = PartitionBytes.NONE;
    /** producer id -> partition -> state. */
    private final Map<Long, Map<Integer, ProducerState>> producers = new HashMap<>();
    /** producer id -> commit time of its last run, for expiry. */
    private final Map<Long, Long> lastActiveMs = new HashMap<>();

    public ShardState(ShardId shard) {
        this.shard = shard;
    }

    public ShardId shard() { return shard; }
    public long seq() { return seq; }
    public long maxTimestampMs() { return maxTimestampMs; }
    public SnapshotRef snapshot() { return snapshot; }
    /** The newest override record so far (0: none): what the next record carries as its previous one. */
    public long newestOverrideSeq() { return newestOverrideSeq; }
    /** The partitions' cumulative byte counters after {@link #seq()} (zero before the first record that kept them). */
    public PartitionBytes bytes() { return bytes; }

    public long nextOffset(int partition) {
        return shard.valueOf(nextOffsets, partition);
    }

    public long startOffset(int partition) {
        return shard.valueOf(startOffsets, partition);
    }

    long[] nextOffsets() {
        return nextOffsets.clone();
    }

    long[] startOffsets() {
        return startOffsets.clone();
    }

    public Optional<ProducerState> producer(long producerId, int partition) {
        Map<Integer, ProducerState> byPartition = producers.get(producerId);
        return Optional.ofNullable(byPartition == null ? null : byPartition.get(partition));
    }

    /** Advances to {@code record}, which must be the next one. */
    public void apply(CommitRecord record) {
        if (!record.shard().equals(shard) || record.seq() != seq + 1) {
            throw new IllegalStateException("record " + record + " does not follow " + shard + "@" + seq);
        }
        seq = record.seq();
        nextOffsets = record.nextOffsets();
        startOffsets = record.startOffsets();
        maxTimestampMs = Math.max(maxTimestampMs, record.maxTimestampMs());
        newestOverrideSeq = Math.max(newestOverrideSeq, record.newestOverrideSeq());
        if (record.snapshot() != null) {
            snapshot = record.snapshot();
        }
        if (record.bytes() != null) {
            bytes = record.bytes();
        }
        for (ProducerRun run : record.runs()) {
            Map<Integer, ProducerState> byPartition = producers.computeIfAbsent(run.producerId(), k -> new HashMap<>());
            byPartition.put(run.partition(), advance(byPartition.get(run.partition()), run));
            lastActiveMs.put(run.producerId(), record.commitTimeMs());
        }
    }

    /** The state of a producer after {@code run}, given its state before. */
    static ProducerState advance(ProducerState before, ProducerRun run) {
        List<ProducerState.CommittedBatch> recent = new ArrayList<>();
        if (before != null && before.epoch() == run.epoch()) {
            recent.addAll(before.recent());
        }
        recent.add(new ProducerState.CommittedBatch(run.firstSequence(), run.lastSequence(), run.baseOffset()));
        while (recent.size() > ProducerState.RECENT_BATCHES) {
            recent.remove(0);
        }
        return new ProducerState(run.epoch(), run.lastSequence(), recent);
    }

    /**
     * The producer states as of {@link #seq()}, leaving out producers idle since before
     * {@code expireBeforeMs}.
     */
    public byte[] encodeSnapshot(long expireBeforeMs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SNAPSHOT_VERSION);
        Varints.writeUnsigned(out, seq);
        List<Long> live = new ArrayList<>();
        for (Map.Entry<Long, Long> e : lastActiveMs.entrySet()) {
            if (e.getValue() >= expireBeforeMs) {
                live.add(e.getKey());
            }
        }
        live.sort(null);
        Varints.writeUnsigned(out, live.size());
        for (long pid : live) {
            Varints.writeUnsigned(out, pid);
            Varints.writeUnsigned(out, lastActiveMs.get(pid));
            Map<Integer, ProducerState> byPartition = producers.get(pid);
            Varints.writeUnsigned(out, byPartition.size());
            for (Map.Entry<Integer, ProducerState> e : byPartition.entrySet()) {
                ProducerState s = e.getValue();
                Varints.writeUnsigned(out, e.getKey());
                Varints.writeUnsigned(out, s.epoch());
                Varints.writeUnsigned(out, s.lastSequence());
                Varints.writeUnsigned(out, s.recent().size());
                for (ProducerState.CommittedBatch b : s.recent()) {
                    Varints.writeUnsigned(out, b.firstSequence());
                    Varints.writeUnsigned(out, b.lastSequence());
                    Varints.writeUnsigned(out, b.baseOffset());
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Positions this state at {@code record}, with producer states from the snapshot taken at
     * that record ({@code bytes}, or none when {@code bytes} is null). Records after it are
     * then replayed with {@link #apply}.
     */
    public void loadSnapshot(CommitRecord record, byte[] bytes) {
        producers.clear();
        lastActiveMs.clear();
        seq = record.seq();
        nextOffsets = record.nextOffsets();
        startOffsets = record.startOffsets();
        maxTimestampMs = record.maxTimestampMs();
        newestOverrideSeq = record.newestOverrideSeq();
        snapshot = record.snapshot();
        this.bytes = record.bytes() != null ? record.bytes() : PartitionBytes.NONE;
        if (bytes == null) {
            return;
        }
        SnapshotRef ref = new SnapshotRef("snapshot of " + record.shard(), record.seq());
        if (bytes.length == 0 || bytes[0] != SNAPSHOT_VERSION) {
            throw new CorruptSegmentException("unknown producer snapshot format");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        long at = Varints.readUnsigned(in);
        if (at != ref.seq()) {
            throw new CorruptSegmentException("snapshot " + ref.key() + " is at " + at + ", expected " + ref.seq());
        }
        int count = Varints.readInt(in, Integer.MAX_VALUE);
        for (int i = 0; i < count; i++) {
            long pid = Varints.readUnsigned(in);
            lastActiveMs.put(pid, Varints.readUnsigned(in));
            int partitions = Varints.readInt(in, Integer.MAX_VALUE);
            Map<Integer, ProducerState> byPartition = new HashMap<>();
            for (int j = 0; j < partitions; j++) {
                int partition = Varints.readInt(in, Integer.MAX_VALUE);
                short epoch = (short) Varints.readInt(in, Short.MAX_VALUE);
                int last = Varints.readInt(in, Integer.MAX_VALUE);
                int recentCount = Varints.readInt(in, ProducerState.RECENT_BATCHES);
                List<ProducerState.CommittedBatch> recent = new ArrayList<>(recentCount);
                for (int k = 0; k < recentCount; k++) {
                    recent.add(new ProducerState.CommittedBatch(Varints.readInt(in, Integer.MAX_VALUE),
                            Varints.readInt(in, Integer.MAX_VALUE), Varints.readUnsigned(in)));
                }
                byPartition.put(partition, new ProducerState(epoch, last, recent));
            }
            producers.put(pid, byPartition);
        }
        if (in.hasRemaining()) {
            throw new CorruptSegmentException("trailing bytes in producer snapshot " + ref.key());
        }
    }

    @Override
    public String toString() {
        return "ShardState[" + shard + "@" + seq + ", next=" + Arrays.toString(nextOffsets) + "]";
    }
}
