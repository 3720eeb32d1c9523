package dev.tributary.functions.produce;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.LogCommitter;
import dev.tributary.storage.ProducerState;
import dev.tributary.storage.ProducerStore;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ProducerPartition;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks idempotent producers' batches before they are queued: answers a retried batch
 * with its original offsets (whether it is committed or still in flight), refuses a stale
 * epoch ({@code PRODUCER_FENCED}) and a sequence gap ({@code OUT_OF_ORDER_SEQUENCE}), and
 * records a higher epoch that a producer took by itself, starting again at sequence 0.
 *
 * <p>This is the fast, precise answer; the guarantee itself is the commit transaction,
 * which conditions each producer's sequence state and epoch. Per producer and partition it
 * remembers the committed state (from the committer's view of the log on first use, re-read
 * after a failure) and
 * the batches queued but not yet committed. Thread-safe: each producer-partition entry is
 * guarded by its own monitor.
 */
@Singleton
public class ProducerSequencer {
    private final ProducerStore store;
    private final LogCommitter committer;
    private final ConcurrentHashMap<Long, Short> epochs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ProducerPartition, Entry> entries = new ConcurrentHashMap<>();

    public ProducerSequencer(ProducerStore store, LogCommitter committer) {
        this.store = store;
        this.committer = committer;
    }

    /** A batch accepted for writing; report its fate with {@link #committed} or {@link #failed}. */
    public static final class Pending {
        private final ProducerPartition key;
        final short epoch;
        final int firstSequence;
        final int lastSequence;
        final CompletableFuture<Long> baseOffset = new CompletableFuture<>();

        Pending(ProducerPartition key, short epoch, int firstSequence, int lastSequence) {
            this.key = key;
            this.epoch = epoch;
            this.firstSequence = firstSequence;
            this.lastSequence = lastSequence;
        }
    }

    /** The outcome of {@link #check}: either a new batch to write, or the offset of a batch already written. */
    public record Decision(Pending accepted, CompletableFuture<Long> duplicateOf) {
        public boolean isDuplicate() {
            return duplicateOf != null;
        }
    }

    private static final class Entry {
        boolean loaded;
        ProducerState committed;
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
    }

    public Decision check(long producerId, short epoch, UUID topicId, int partition, int firstSequence, int recordCount) {
        if (firstSequence < 0 || epoch < 0) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Producer " + producerId
                    + " sent a negative epoch or sequence; idempotent batches start at sequence 0.");
        }
        checkEpoch(producerId, epoch, firstSequence);
        int lastSequence = firstSequence + recordCount - 1;
        ProducerPartition key = new ProducerPartition(producerId, new PartitionId(topicId, partition));
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        synchronized (e) {
            for (int pass = 0; pass < 2; pass++) {
                if (!e.loaded || pass == 1) {
                    e.committed = committer.producerState(key.partition(), producerId, pass == 1)
                            .orElse(null);
                    e.loaded = true;
                }
                Decision d = decide(e, key, epoch, firstSequence, lastSequence);
                if (d != null) {
                    return d;
                }
                if (!e.pending.isEmpty()) {
                    break;
                }
            }
            int expected = expectedNext(e, epoch);
            throw new ApiException(ErrorCode.OUT_OF_ORDER_SEQUENCE, "Producer " + producerId + " sent sequence "
                    + firstSequence + " on partition " + partition + " but the next expected sequence is " + expected + ".")
                    .with("producerId", producerId).with("expectedSequence", expected).with("sequence", firstSequence);
        }
    }

    private Decision decide(Entry e, ProducerPartition key, short epoch, int first, int last) {
        if (e.committed != null && epoch < e.committed.epoch()) {
            throw fenced(key.producerId(), epoch, e.committed.epoch());
        }
        int expected = expectedNext(e, epoch);
        if (first == expected) {
            Pending p = new Pending(key, epoch, first, last);
            e.pending.add(p);
            return new Decision(p, null);
        }
        if (e.committed != null && e.committed.epoch() == epoch) {
            Optional<ProducerState.CommittedBatch> done = e.committed.find(first, last);
            if (done.isPresent()) {
                return new Decision(null, CompletableFuture.completedFuture(done.get().baseOffset()));
            }
        }
        for (Pending p : e.pending) {
            if (p.epoch == epoch && p.firstSequence == first && p.lastSequence == last) {
                return new Decision(null, p.baseOffset);
            }
        }
        return null;
    }

    private static int expectedNext(Entry e, short epoch) {
        if (!e.pending.isEmpty()) {
            Pending tail = e.pending.peekLast();
            return tail.epoch == epoch ? tail.lastSequence + 1 : 0;
        }
        if (e.committed == null || epoch > e.committed.epoch()) {
            return 0;
        }
        return e.committed.lastSequence() + 1;
    }

    /**
     * A stale epoch is fenced. A higher epoch than the one recorded is the producer's own bump
     * (Kafka idempotent producers raise their epoch locally after some errors and restart their
     * sequences at 0): it is accepted, and recorded so that every instance fences the older
     * epoch, only when the batch starts at sequence 0; otherwise it is out of order, as Kafka
     * answers, and nothing is recorded.
     */
    private void checkEpoch(long producerId, short epoch, int firstSequence) {
        Short current = epochs.get(producerId);
        if (current == null || epoch > current) {
            current = store.currentEpoch(producerId).orElseThrow(() -> unknown(producerId));
            epochs.put(producerId, current);
        }
        if (epoch > current) {
            if (firstSequence != 0) {
                throw new ApiException(ErrorCode.OUT_OF_ORDER_SEQUENCE, "Producer " + producerId + " sent epoch "
                        + epoch + " (current epoch " + current + ") with sequence " + firstSequence
                        + "; a new epoch starts at sequence 0.")
                        .with("producerId", producerId).with("expectedSequence", 0).with("sequence", firstSequence);
            }
            current = store.raiseEpoch(producerId, epoch).orElseThrow(() -> unknown(producerId));
            epochIssued(producerId, current);
        }
        if (epoch < current) {
            throw fenced(producerId, epoch, current);
        }
    }

    private static ApiException unknown(long producerId) {
        return new ApiException(ErrorCode.INVALID_REQUEST,
                "Producer id " + producerId + " is unknown; get one from POST /v1/producers.");
    }

    private static ApiException fenced(long producer, short epoch, short current) {
        return new ApiException(ErrorCode.PRODUCER_FENCED, "Producer " + producer + " epoch " + epoch
                + " has been fenced by epoch " + current + "; a newer instance of this producer is active.")
                .with("producerEpoch", epoch).with("currentEpoch", current);
    }

    /** The batch is committed at {@code baseOffset}. */
    public void committed(Pending p, long baseOffset) {
        Entry e = entries.get(p.key);
        if (e != null) {
            synchronized (e) {
                e.pending.remove(p);
                List<ProducerState.CommittedBatch> recent = new ArrayList<>();
                if (e.committed != null && e.committed.epoch() == p.epoch) {
                    recent.addAll(e.committed.recent());
                }
                recent.add(new ProducerState.CommittedBatch(p.firstSequence, p.lastSequence, baseOffset));
                while (recent.size() > ProducerState.RECENT_BATCHES) {
                    recent.remove(0);
                }
                e.committed = new ProducerState(p.epoch, p.lastSequence, recent);
            }
        }
        p.baseOffset.complete(baseOffset);
    }

    /**
     * The batch was not committed. Later queued batches of the same producer and partition
     * cannot commit either (their sequences no longer follow), so they are dropped too and
     * the state is re-read on the next check.
     */
    public void failed(Pending p, Throwable error) {
        Entry e = entries.get(p.key);
        if (e != null) {
            synchronized (e) {
                boolean after = false;
                for (Iterator<Pending> it = e.pending.iterator(); it.hasNext(); ) {
                    Pending q = it.next();
                    if (q == p) {
                        after = true;
                    }
                    if (after) {
                        it.remove();
                    }
                }
                e.loaded = false;
            }
        }
        epochs.remove(p.key.producerId());
        p.baseOffset.completeExceptionally(error);
    }

    /** A new epoch was issued here: older epochs are fenced at once, without waiting for a failed commit. */
    public void epochIssued(long producerId, short epoch) {
        epochs.merge(producerId, epoch, (a, b) -> (short) Math.max(a, b));
    }

    /** Releases a batch that was accepted but never queued (its request was refused later). */
    public void abandon(Pending p) {
        failed(p, new ApiException(ErrorCode.INVALID_REQUEST, "The request was refused."));
    }
}
