package dev.tributary.storage.log;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.ProducerState;
import dev.tributary.storage.SegmentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits segments to the shard logs: decides every request's offsets, checks conditional
 * appends and idempotent producers' sequences, and writes one record per shard touched in one
 * {@link ShardLog#commit} (see {@code docs/decisions/0013-storage-engine-v2-shard-log.md}).
 *
 * <p>Per shard it keeps the state after the newest record it knows ({@link ShardState}),
 * loaded on first use from the latest record, the latest producer snapshot and the records
 * after it. Plans are made against that state; the log's conditional put of {@code seq + 1}
 * succeeds only if no other writer committed in between, so every check is exact. A lost
 * race reads the missed records and plans again; the segment bytes are never rewritten.
 *
 * <p>Rules, stated once here:
 * <ul>
 *   <li>A request commits all or nothing. A request whose expected offset differs from the log
 *       end is refused with {@code OFFSET_MISMATCH}; an idempotent batch whose sequence does not
 *       follow is refused with {@code OUT_OF_ORDER_SEQUENCE}, one from an older epoch with
 *       {@code PRODUCER_FENCED}; a request whose every batch is already committed is answered
 *       with the original offsets. Refused requests are left out of the records; the others
 *       commit.</li>
 *   <li>Requests are assigned offsets in the order given; per partition this is the cut order.</li>
 * </ul>
 *
 * <p>Thread-safe: each shard has a lock, and a commit takes its shards' locks in a fixed order.
 */
public final class ShardCommitter implements dev.tributary.storage.LogCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(ShardCommitter.class);
    /** A producer-state snapshot is written after every this many records of a shard. */
    public static final int SNAPSHOT_EVERY = 512;
    private static final int READ_PAGE = 200;
    private static final int MAX_PLANS = 64;
    private static final int MAX_LOADS = 3;

    private final ShardLog log;
    private final SegmentStore objects;
    private final Clock clock;
    private final Duration producerStateRetention;
    private final Executor snapshotExecutor;
    private final Map<ShardId, Entry> shards = new ConcurrentHashMap<>();
    private final java.util.function.Consumer<CommitRecord> onCommitted;
    private final java.util.function.Consumer<ShardId> beforeFirstWrite;

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        ShardState state;
        volatile SnapshotRef newSnapshot;
    }

    public ShardCommitter(ShardLog log, SegmentStore objects, Clock clock, Duration producerStateRetention,
                          Executor snapshotExecutor, java.util.function.Consumer<CommitRecord> onCommitted) {
        this(log, objects, clock, producerStateRetention, snapshotExecutor, onCommitted, shard -> { });
    }

    /**
     * @param beforeFirstWrite called with a shard whose log is empty before this committer plans
     *                         anything on it: the place to migrate older data into the log
     */
    public ShardCommitter(ShardLog log, SegmentStore objects, Clock clock, Duration producerStateRetention,
                          Executor snapshotExecutor, java.util.function.Consumer<CommitRecord> onCommitted,
                          java.util.function.Consumer<ShardId> beforeFirstWrite) {
        this.beforeFirstWrite = beforeFirstWrite;
        this.onCommitted = onCommitted;
        this.log = log;
        this.objects = objects;
        this.clock = clock;
        this.producerStateRetention = producerStateRetention;
        this.snapshotExecutor = snapshotExecutor;
    }

    /**
     * Commits the requests of segment {@code segmentKey} (already stored) and says, per
     * request in order, what became of it.
     *
     * @throws ApiException {@code STORAGE_UNAVAILABLE} or {@code THROTTLED} when the log cannot
     *         be read or written; then nothing of this segment was committed
     */
    @Override
    public List<CommitRequest.Outcome> commit(String segmentKey, long segmentBytes, List<CommitRequest> requests) {
        Set<ShardId> touched = new TreeSet<>();
        requests.forEach(r -> r.slices().forEach(s -> touched.add(s.partition().shard())));
        List<Entry> locked = lock(touched);
        try {
            Map<Integer, ApiException> refused = new HashMap<>();
            for (int attempt = 1; attempt <= MAX_PLANS; attempt++) {
                Plan plan = plan(segmentKey, requests, refused);
                if (plan.records.isEmpty()) {
                    return plan.outcomes;
                }
                ShardLog.Outcome outcome = log.commit(plan.records,
                        new ShardLog.SegmentReference(segmentKey, segmentBytes, clock.millis()), plan.epochs);
                if (outcome.committed()) {
                    for (CommitRecord r : plan.records) {
                        Entry e = shards.get(r.shard());
                        e.state.apply(r);
                        maybeSnapshot(e);
                    }
                    plan.records.forEach(onCommitted);
                    return plan.outcomes;
                }
                for (ShardId s : outcome.conflicts()) {
                    catchUp(shards.get(s).state);
                }
                for (long pid : outcome.fencedProducers()) {
                    for (int i = 0; i < requests.size(); i++) {
                        for (CommitRequest.Slice s : requests.get(i).slices()) {
                            if (s.producerId() == pid) {
                                refused.put(i, fenced(pid, s.producerEpoch(), null));
                            }
                        }
                    }
                }
            }
            throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Segment " + segmentKey + " lost the race for its "
                    + "shards " + MAX_PLANS + " times in a row; retry.");
        } finally {
            locked.forEach(e -> e.lock.unlock());
        }
    }

    /**
     * The committed state of an idempotent producer on a partition, as far as this committer
     * knows ({@code refresh}: after reading the records other writers added).
     */
    @Override
    public Optional<ProducerState> producerState(PartitionId partition, long producerId, boolean refresh) {
        List<Entry> locked = lock(Set.of(partition.shard()));
        try {
            ShardState state = locked.get(0).state;
            if (refresh) {
                catchUp(state);
            }
            return state.producer(producerId, partition.partition());
        } finally {
            locked.get(0).lock.unlock();
        }
    }

    /**
     * Moves the log start of partitions of one shard forward (Kafka's {@code deleteRecords}, and
     * retention): writes a record without a segment whose start offsets are raised to
     * {@code starts}, sequenced with produce commits by the same "seq is free" condition and,
     * when {@code lease} is not null, conditioned on that lease still being held. A requested
     * start at or below the current one changes nothing for that partition; when no partition
     * moves, nothing is written. The check against the log end is made on the state read just
     * before the write, which the conditional put makes exact.
     *
     * @param starts partition (of {@code shard}) -> new log start offset
     * @throws ApiException {@code OFFSET_OUT_OF_RANGE} when a requested start is past the
     *         partition's end (nothing is written); {@code STORAGE_UNAVAILABLE}/{@code THROTTLED}
     */
    public LogStartMove moveLogStart(ShardId shard, Map<Integer, Long> starts, dev.tributary.storage.Lease lease) {
        List<Entry> locked = lock(Set.of(shard));
        Entry entry = locked.get(0);
        try {
            catchUp(entry.state);
            for (int attempt = 1; attempt <= MAX_PLANS; attempt++) {
                ShardState state = entry.state;
                long[] next = state.startOffsets();
                boolean moved = false;
                for (Map.Entry<Integer, Long> e : starts.entrySet()) {
                    int p = e.getKey();
                    long end = state.nextOffset(p);
                    if (e.getValue() > end) {
                        throw new ApiException(ErrorCode.OFFSET_OUT_OF_RANGE, "Partition " + p + " ends at offset " + end
                                + "; records cannot be deleted before " + e.getValue() + ". Nothing was deleted.")
                                .with("partition", p).with("earliestOffset", state.startOffset(p)).with("latestOffset", end);
                    }
                    if (e.getValue() > state.startOffset(p)) {
                        int slot = shard.slot(p);
                        if (slot >= next.length) {
                            next = java.util.Arrays.copyOf(next, slot + 1);
                        }
                        next[slot] = e.getValue();
                        moved = true;
                    }
                }
                Map<Integer, Long> before = startsOf(state, starts);
                if (!moved) {
                    return new LogStartMove(LogStartMove.Result.UNCHANGED, before, before, null);
                }
                CommitRecord record = new CommitRecord(shard, state.seq() + 1, null, clock.millis(), state.maxTimestampMs(),
                        state.nextOffsets(), next, List.of(), List.of(), snapshotFor(entry), List.of(),
                        state.newestOverrideSeq(), startBytes(state, next));
                switch (log.appendFenced(record, lease)) {
                    case APPENDED -> {
                        state.apply(record);
                        onCommitted.accept(record);
                        return new LogStartMove(LogStartMove.Result.MOVED, before, startsOf(state, starts), record);
                    }
                    case FENCED -> {
                        return new LogStartMove(LogStartMove.Result.FENCED, before, before, null);
                    }
                    case SEQ_TAKEN -> catchUp(state);
                }
            }
            throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "Moving the log start of " + shard + " lost the race "
                    + MAX_PLANS + " times in a row; retry.");
        } finally {
            entry.lock.unlock();
        }
    }

    /** The state's byte counters with the starts of the partitions whose start moves to {@code next} moved too. */
    private PartitionBytes startBytes(ShardState state, long[] next) {
        PartitionBytes bytes = state.bytes();
        Optional<CommitRecord> latest = state.seq() == 0 ? Optional.empty() : log.get(state.shard(), state.seq());
        if (latest.isEmpty()) {
            return bytes;
        }
        Map<Long, Optional<CommitRecord>> memo = new HashMap<>();
        java.util.function.LongFunction<Optional<CommitRecord>> records =
                seq -> memo.computeIfAbsent(seq, k -> log.get(state.shard(), k));
        for (int slot = 0; slot < next.length; slot++) {
            int p = state.shard().firstPartition() + slot;
            if (next[slot] > state.startOffset(p)) {
                long at = StartBytes.at(records, latest.get(), p, next[slot]);
                if (at >= 0) {
                    bytes = bytes.withStart(slot, at);
                }
            }
        }
        return bytes;
    }

    private static Map<Integer, Long> startsOf(ShardState state, Map<Integer, Long> partitions) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        partitions.keySet().forEach(p -> out.put(p, state.startOffset(p)));
        return out;
    }

    /**
     * What {@link #moveLogStart} did.
     *
     * @param previousStartOffsets the requested partitions' log start offsets before
     * @param startOffsets         and after (for {@code FENCED} and {@code UNCHANGED}, the same)
     * @param record               the record written, for {@code MOVED}
     */
    public record LogStartMove(Result result, Map<Integer, Long> previousStartOffsets, Map<Integer, Long> startOffsets,
                               CommitRecord record) {
        public enum Result { MOVED, UNCHANGED, FENCED }
    }

    /** Forgets what this committer knows of a shard (e.g. after maintenance rewrote it). */
    public void forget(ShardId shard) {
        shards.remove(shard);
    }

    private List<Entry> lock(Set<ShardId> ids) {
        List<Entry> locked = new ArrayList<>(ids.size());
        try {
            for (ShardId id : new TreeSet<>(ids)) {
                Entry e = shards.computeIfAbsent(id, k -> new Entry());
                e.lock.lock();
                locked.add(e);
                if (e.state == null) {
                    e.state = load(id);
                }
            }
            return locked;
        } catch (RuntimeException ex) {
            locked.forEach(e -> e.lock.unlock());
            throw ex;
        }
    }

    /**
     * The shard's state: the latest snapshot, then every record after it. Trimming below the
     * log start may, between this committer's reads, delete the snapshot or the records it
     * named (a newer snapshot has replaced them): then the load starts again from the newest
     * record.
     */
    private ShardState load(ShardId id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return loadOnce(id, attempt == MAX_LOADS);
            } catch (IllegalStateException | dev.tributary.core.error.ApiException e) {
                if (attempt >= MAX_LOADS || e instanceof dev.tributary.core.error.ApiException a
                        && a.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                LOG.debug("Loading {} raced with trimming ({}); loading again", id, e.toString());
            }
        }
    }

    private ShardState loadOnce(ShardId id, boolean last) {
        ShardState state = new ShardState(id);
        Optional<CommitRecord> latest = log.latest(id);
        if (latest.isEmpty()) {
            beforeFirstWrite.accept(id);
            latest = log.latest(id);
            if (latest.isEmpty()) {
                return state;
            }
        }
        SnapshotRef ref = latest.get().snapshot();
        if (ref != null) {
            Optional<CommitRecord> at = ref.seq() == latest.get().seq() ? latest : log.get(id, ref.seq());
            if (at.isEmpty()) {
                throw new IllegalStateException("snapshot record " + id + "@" + ref.seq() + " was trimmed");
            }
            byte[] snapshot;
            try {
                snapshot = objects.readAll(ref.key());
            } catch (dev.tributary.core.error.ApiException e) {
                if (e.code() == ErrorCode.NOT_FOUND && !last) {
                    throw e;
                }
                LOG.warn("Producer snapshot {} of {} is missing ({})", ref.key(), id, e.toString());
                return catchUp(withoutSnapshot(id, at.get()));
            }
            try {
                state.loadSnapshot(at.get(), snapshot);
            } catch (RuntimeException e) {
                LOG.warn("Producer snapshot {} of {} is unreadable ({})", ref.key(), id, e.toString());
                return catchUp(withoutSnapshot(id, at.get()));
            }
        }
        catchUp(state);
        return state;
    }

    /**
     * A state to replay into when the snapshot cannot be used: empty (the whole log is replayed)
     * while the log is complete; positioned at the snapshot's record, without producer states,
     * once records below the start were trimmed (those producers' states are then lost).
     */
    private ShardState withoutSnapshot(ShardId id, CommitRecord snapshotRecord) {
        ShardState state = new ShardState(id);
        List<CommitRecord> first = log.after(id, 0, 1);
        if (!first.isEmpty() && first.get(0).seq() > 1) {
            LOG.warn("The log of {} was trimmed: idempotent producers' states before record {} are lost", id,
                    snapshotRecord.seq());
            state.loadSnapshot(snapshotRecord, null);
        }
        return state;
    }

    private ShardState catchUp(ShardState state) {
        while (true) {
            List<CommitRecord> more = log.after(state.shard(), state.seq(), READ_PAGE);
            for (CommitRecord r : more) {
                state.apply(r);
            }
            if (more.size() < READ_PAGE) {
                return state;
            }
        }
    }

    private void maybeSnapshot(Entry e) {
        ShardState state = e.state;
        if (state.seq() % SNAPSHOT_EVERY != 0) {
            return;
        }
        long seq = state.seq();
        byte[] bytes = state.encodeSnapshot(clock.millis() - producerStateRetention.toMillis());
        ShardId id = state.shard();
        String key = SnapshotRef.newKey(id, seq);
        snapshotExecutor.execute(() -> {
            try {
                objects.put(key, bytes);
                e.newSnapshot = new SnapshotRef(key, seq);
            } catch (RuntimeException ex) {
                LOG.warn("Could not write producer snapshot {}: {}", key, ex.toString());
            }
        });
    }

    // ------------------------------------------------------------------ planning

    private record Plan(List<CommitRecord> records, Map<Long, Short> epochs, List<CommitRequest.Outcome> outcomes) {
    }

    /** Heads and producer states as the plan advances them, over the shards' states. */
    private final class Working {
        final Map<PartitionId, Long> heads = new HashMap<>();
        final Map<ProducerPartition, ProducerState> producers = new HashMap<>();

        long head(PartitionId p) {
            Long h = heads.get(p);
            return h != null ? h : shards.get(p.shard()).state.nextOffset(p.partition());
        }

        ProducerState producer(long pid, PartitionId p) {
            ProducerPartition key = new ProducerPartition(pid, p);
            if (producers.containsKey(key)) {
                return producers.get(key);
            }
            return shards.get(p.shard()).state.producer(pid, p.partition()).orElse(null);
        }

        Working copy() {
            Working w = new Working();
            w.heads.putAll(heads);
            w.producers.putAll(producers);
            return w;
        }
    }

    private Plan plan(String segmentKey, List<CommitRequest> requests, Map<Integer, ApiException> refused) {
        Working working = new Working();
        List<CommitRequest.Outcome> outcomes = new ArrayList<>(requests.size());
        Map<ShardId, List<Extent>> extents = new LinkedHashMap<>();
        Map<ShardId, List<ProducerRun>> runs = new HashMap<>();
        Map<ShardId, Long> maxTimestamps = new HashMap<>();
        Map<Long, Short> epochs = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            if (refused.containsKey(i)) {
                outcomes.add(CommitRequest.Outcome.rejected(refused.get(i)));
                continue;
            }
            CommitRequest request = requests.get(i);
            Working trial = working.copy();
            try {
                long[] bases = check(request, trial, epochs);
                if (bases == null) {
                    outcomes.add(CommitRequest.Outcome.duplicateOf(originals(request, working)));
                    continue;
                }
                working = trial;
                for (int k = 0; k < request.slices().size(); k++) {
                    CommitRequest.Slice s = request.slices().get(k);
                    ShardId shard = s.partition().shard();
                    addExtent(extents.computeIfAbsent(shard, x -> new ArrayList<>()), s);
                    maxTimestamps.merge(shard, s.maxTimestampMs(), Math::max);
                    if (s.idempotent()) {
                        runs.computeIfAbsent(shard, x -> new ArrayList<>()).add(new ProducerRun(s.partition().partition(),
                                s.producerId(), s.producerEpoch(), s.firstSequence(), s.lastSequence(), bases[k]));
                        if (!IdempotencyKeys.isKey(s.producerId())) {
                            epochs.put(s.producerId(), s.producerEpoch());
                        }
                    }
                }
                outcomes.add(CommitRequest.Outcome.appended(bases));
            } catch (ApiException e) {
                outcomes.add(CommitRequest.Outcome.rejected(e));
            }
        }
        long now = clock.millis();
        List<CommitRecord> records = new ArrayList<>(extents.size());
        for (Map.Entry<ShardId, List<Extent>> e : extents.entrySet()) {
            Entry entry = shards.get(e.getKey());
            ShardState state = entry.state;
            long[] next = state.nextOffsets();
            for (Map.Entry<PartitionId, Long> h : working.heads.entrySet()) {
                if (h.getKey().shard().equals(e.getKey())) {
                    int slot = e.getKey().slot(h.getKey().partition());
                    if (slot >= next.length) {
                        next = java.util.Arrays.copyOf(next, slot + 1);
                    }
                    next[slot] = h.getValue();
                }
            }
            SnapshotRef snapshot = snapshotFor(entry);
            PartitionBytes bytes = state.bytes();
            for (Extent x : e.getValue()) {
                bytes = bytes.plus(e.getKey().slot(x.partition()), x.length());
            }
            records.add(new CommitRecord(e.getKey(), state.seq() + 1, segmentKey, now,
                    Math.max(state.maxTimestampMs(), maxTimestamps.get(e.getKey())), next, state.startOffsets(),
                    e.getValue(), runs.getOrDefault(e.getKey(), List.of()), snapshot, List.of(), state.newestOverrideSeq(),
                    bytes));
        }
        return new Plan(records, epochs, outcomes);
    }

    /** The snapshot pointer the next record of {@code entry}'s shard carries: the newest one written. */
    private static SnapshotRef snapshotFor(Entry entry) {
        ShardState state = entry.state;
        return entry.newSnapshot != null && (state.snapshot() == null || entry.newSnapshot.seq() > state.snapshot().seq())
                ? entry.newSnapshot : state.snapshot();
    }

    /** Adds a slice to its shard's extents, merging it into the previous extent when contiguous. */
    private static void addExtent(List<Extent> extents, CommitRequest.Slice s) {
        int partition = s.partition().partition();
        for (int i = extents.size() - 1; i >= 0; i--) {
            Extent last = extents.get(i);
            if (last.partition() == partition) {
                if (last.end() == s.position() && (long) last.recordCount() + s.recordCount() <= Integer.MAX_VALUE
                        && (long) last.length() + s.length() <= Integer.MAX_VALUE) {
                    extents.set(i, new Extent(partition, last.position(), last.length() + s.length(),
                            last.recordCount() + s.recordCount(), last.firstTimestampMs(),
                            Math.max(last.maxTimestampMs(), s.maxTimestampMs())));
                    return;
                }
                break;
            }
        }
        extents.add(new Extent(partition, s.position(), s.length(), s.recordCount(), s.firstTimestampMs(), s.maxTimestampMs()));
    }

    /**
     * Checks a request against {@code w} and, when it can commit, advances {@code w} and returns
     * its slices' base offsets; returns null when every slice is an already committed batch.
     *
     * @throws ApiException why the request cannot commit
     */
    private long[] check(CommitRequest request, Working w, Map<Long, Short> epochs) {
        for (Map.Entry<PartitionId, Long> e : request.expectedOffsets().entrySet()) {
            long head = w.head(e.getKey());
            if (head != e.getValue()) {
                throw new ApiException(ErrorCode.OFFSET_MISMATCH, "Partition " + e.getKey().partition()
                        + " ends at offset " + head + ", not at the expected " + e.getValue() + "; nothing was written.")
                        .with("partition", e.getKey().partition()).with("expectedOffset", e.getValue())
                        .with("latestOffset", head);
            }
        }
        int duplicates = 0;
        long[] bases = new long[request.slices().size()];
        for (int k = 0; k < request.slices().size(); k++) {
            CommitRequest.Slice s = request.slices().get(k);
            if (s.idempotent()) {
                Short other = epochs.get(s.producerId());
                if (other != null && other > s.producerEpoch()) {
                    throw fenced(s.producerId(), s.producerEpoch(), other);
                }
                ProducerState state = w.producer(s.producerId(), s.partition());
                if (state != null && s.producerEpoch() < state.epoch()) {
                    throw fenced(s.producerId(), s.producerEpoch(), state.epoch());
                }
                if (!follows(state, s)) {
                    if (state != null && state.epoch() == s.producerEpoch()
                            && state.find(s.firstSequence(), s.lastSequence()).isPresent()) {
                        duplicates++;
                        continue;
                    }
                    if (IdempotencyKeys.isKey(s.producerId())) {
                        throw keyReused();
                    }
                    int expected = state == null || s.producerEpoch() > state.epoch() ? 0 : state.lastSequence() + 1;
                    throw new ApiException(ErrorCode.OUT_OF_ORDER_SEQUENCE, "Producer " + s.producerId() + " sent sequence "
                            + s.firstSequence() + " on partition " + s.partition().partition()
                            + " but the next expected sequence is " + expected + ".")
                            .with("producerId", s.producerId()).with("expectedSequence", expected)
                            .with("sequence", s.firstSequence());
                }
            }
            long base = w.head(s.partition());
            bases[k] = base;
            w.heads.put(s.partition(), base + s.recordCount());
            if (s.idempotent()) {
                w.producers.put(new ProducerPartition(s.producerId(), s.partition()), ShardState.advance(w.producer(s.producerId(), s.partition()),
                        new ProducerRun(s.partition().partition(), s.producerId(), s.producerEpoch(), s.firstSequence(),
                                s.lastSequence(), base)));
            }
        }
        if (duplicates == 0) {
            return bases;
        }
        if (duplicates == request.slices().size()) {
            return null;
        }
        if (IdempotencyKeys.isKey(request.slices().get(0).producerId())) {
            throw keyReused();
        }
        throw new ApiException(ErrorCode.OUT_OF_ORDER_SEQUENCE, "The request mixes batches that are already stored with "
                + "new ones; send the new batches in their own request.");
    }

    private static ApiException keyReused() {
        return new ApiException(ErrorCode.INVALID_REQUEST, "This Idempotency-Key was already used for a different "
                + "request (other partitions or record counts); nothing was written. Use a fresh key per request.");
    }

    private static boolean follows(ProducerState state, CommitRequest.Slice s) {
        if (state == null) {
            return s.firstSequence() == 0;
        }
        if (s.producerEpoch() == state.epoch()) {
            return s.firstSequence() == state.lastSequence() + 1;
        }
        return s.producerEpoch() > state.epoch() && s.firstSequence() == 0;
    }

    /** The original offsets of a request whose every slice is a committed batch. */
    private static long[] originals(CommitRequest request, Working w) {
        long[] bases = new long[request.slices().size()];
        for (int k = 0; k < bases.length; k++) {
            CommitRequest.Slice s = request.slices().get(k);
            bases[k] = w.producer(s.producerId(), s.partition()).find(s.firstSequence(), s.lastSequence())
                    .orElseThrow().baseOffset();
        }
        return bases;
    }

    private static ApiException fenced(long pid, short epoch, Short current) {
        ApiException e = new ApiException(ErrorCode.PRODUCER_FENCED, "Producer " + pid + " epoch " + epoch
                + " has been fenced" + (current == null ? "" : " by epoch " + current)
                + "; a newer instance of this producer is active.").with("producerEpoch", epoch);
        return current == null ? e : e.with("currentEpoch", current);
    }
}
