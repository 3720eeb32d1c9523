package dev.tributary.client.producer.internals;

import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordHeader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Collects records into one queue of {@link ProducerBatch}es per partition and hands
 * ready batches to the sender.
 *
 * <p>Ordering invariant: a partition has at most one request in flight (its queue is
 * "muted" until that request completes or is put back for a retry), and batches leave
 * and re-enter a queue only at its head. So records of one partition are stored, and
 * their futures completed, in send order even across retries; and with idempotence the
 * next sequence number of a partition only advances when its request succeeded.
 *
 * <p>Thread-safe: each queue is guarded by its own monitor, so threads producing to
 * different partitions do not contend.
 */
public final class RecordAccumulator {
    private final int batchSizeBytes;
    private final long lingerNanos;
    private final Compression compression;
    private final LongSupplier nanoClock;
    private final BufferPool pool;
    private final ConcurrentMap<TopicPartition, PartitionQueue> queues = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closing;

    /** One partition's batches, oldest first. Guarded by its own monitor. */
    static final class PartitionQueue {
        final TopicPartition topicPartition;
        final Deque<ProducerBatch> batches = new ArrayDeque<>();
        boolean inFlight;
        int nextSequence;

        PartitionQueue(TopicPartition topicPartition) {
            this.topicPartition = topicPartition;
        }
    }

    /** The outcome of {@link #append}. */
    public record AppendResult(CompletableFuture<RecordMetadata> future, boolean batchFull,
                               boolean abortedForNewBatch) {
    }

    public RecordAccumulator(int batchSizeBytes, long lingerNanos, Compression compression, BufferPool pool,
                             LongSupplier nanoClock) {
        this.pool = pool;
        this.batchSizeBytes = batchSizeBytes;
        this.lingerNanos = lingerNanos;
        this.compression = compression;
        this.nanoClock = nanoClock;
    }

    /**
     * Adds a record to the partition's open batch, or starts a new batch when it is full.
     *
     * @param abortOnNewBatch when true and the open batch is full, nothing is appended and
     *                        the result says so, letting a sticky partitioner move on first
     * @param reservedBytes   buffer memory already reserved for this record, released
     *                        when its batch completes
     */
    public AppendResult append(TopicPartition tp, long timestampMs, byte[] key, byte[] value,
                               List<RecordHeader> headers, long reservedBytes, boolean abortOnNewBatch) {
        PartitionQueue queue = queues.computeIfAbsent(tp, PartitionQueue::new);
        int size = (int) Math.min(Integer.MAX_VALUE, reservedBytes);
        synchronized (queue) {
            ProducerBatch last = queue.batches.peekLast();
            if (last != null && !last.isClosed()) {
                if (last.hasRoomFor(size, batchSizeBytes)) {
                    CompletableFuture<RecordMetadata> f = last.append(timestampMs, key, value, headers, reservedBytes);
                    return new AppendResult(f, !last.hasRoomFor(0, batchSizeBytes), false);
                }
                last.close();
                if (abortOnNewBatch) {
                    return new AppendResult(null, true, true);
                }
            }
            ProducerBatch batch = new ProducerBatch(tp, compression, nanoClock.getAsLong());
            // Memory goes back to the pool exactly once, however the batch ends.
            batch.done().thenRun(() -> pool.release(batch.reservedBytes()));
            CompletableFuture<RecordMetadata> f = batch.append(timestampMs, key, value, headers, reservedBytes);
            queue.batches.addLast(batch);
            incomplete.add(batch);
            return new AppendResult(f, !batch.hasRoomFor(0, batchSizeBytes), false);
        }
    }

    /** A request's worth of batches for one topic. */
    public record Drained(String topic, List<ProducerBatch> batches, long sizeInBytes) {
    }

    /**
     * Takes the ready batches of every unmuted partition and groups them into requests of
     * at most {@code maxRequestBytes} per topic (a single larger batch still goes alone).
     * A batch is ready when it is full, has lingered long enough, a flush or close is in
     * progress, or its retry backoff has passed. Drained partitions are muted.
     *
     * @param stamper gives each partition's batches their producer state; may be null
     */
    public List<Drained> drain(long nowNanos, long maxRequestBytes, SequenceStamper stamper) {
        boolean flushing = closing || flushesInProgress.get() > 0;
        Map<String, List<Drained>> byTopic = new LinkedHashMap<>();
        for (PartitionQueue queue : queues.values()) {
            synchronized (queue) {
                if (queue.inFlight || queue.batches.isEmpty()) {
                    continue;
                }
                ProducerBatch head = queue.batches.peekFirst();
                if (!isReady(head, nowNanos, flushing)) {
                    continue;
                }
                List<Drained> requests = byTopic.computeIfAbsent(queue.topicPartition.topic(), t -> new ArrayList<>());
                int sequence = queue.nextSequence;
                List<ProducerBatch> taken = new ArrayList<>();
                while (!queue.batches.isEmpty()) {
                    ProducerBatch b = queue.batches.peekFirst();
                    if (!taken.isEmpty() && (!isReady(b, nowNanos, flushing) || b.sendAlone())) {
                        break;
                    }
                    b.close();
                    Drained target = b.sendAlone() ? null : openRequest(requests, b.sizeInBytes(), maxRequestBytes);
                    if (target == null) {
                        if (!taken.isEmpty()) {
                            break;
                        }
                        target = new Drained(queue.topicPartition.topic(), new ArrayList<>(), 0);
                        requests.add(target);
                    }
                    queue.batches.pollFirst();
                    if (stamper != null) {
                        stamper.stamp(b, sequence);
                    }
                    sequence += b.recordCount();
                    target.batches.add(b);
                    requests.set(requests.indexOf(target),
                            new Drained(target.topic, target.batches, target.sizeInBytes + b.sizeInBytes()));
                    taken.add(b);
                    if (b.sendAlone()) {
                        break;
                    }
                }
                queue.inFlight = !taken.isEmpty();
            }
        }
        List<Drained> out = new ArrayList<>();
        byTopic.values().forEach(out::addAll);
        return out;
    }

    private static Drained openRequest(List<Drained> requests, int size, long maxRequestBytes) {
        for (Drained d : requests) {
            boolean alone = d.batches.size() == 1 && d.batches.get(0).sendAlone();
            if (!alone && d.sizeInBytes + size <= maxRequestBytes) {
                return d;
            }
        }
        return null;
    }

    private boolean isReady(ProducerBatch b, long nowNanos, boolean flushing) {
        if (b.attempts() > 0) {
            return nowNanos - b.retryAtNanos() >= 0;
        }
        return flushing || b.isClosed() || !b.hasRoomFor(0, batchSizeBytes)
                || nowNanos - b.createdNanos() >= lingerNanos;
    }

    /** Gives a drained batch its producer id, epoch and sequence. */
    @FunctionalInterface
    public interface SequenceStamper {
        void stamp(ProducerBatch batch, int baseSequence);
    }

    /**
     * Marks a request's batches stored: unmutes their partitions and advances the
     * partitions' sequence numbers. The caller completes the batches' futures.
     */
    public void succeeded(List<ProducerBatch> batches) {
        Map<TopicPartition, Integer> counts = new LinkedHashMap<>();
        for (ProducerBatch b : batches) {
            counts.merge(b.topicPartition(), b.recordCount(), Integer::sum);
            incomplete.remove(b);
        }
        counts.forEach((tp, n) -> {
            PartitionQueue q = queues.get(tp);
            synchronized (q) {
                q.nextSequence += n;
                q.inFlight = false;
            }
        });
    }

    /** Marks a request's batches finished without being stored (the caller fails them). */
    public void failed(List<ProducerBatch> batches) {
        for (ProducerBatch b : batches) {
            incomplete.remove(b);
            PartitionQueue q = queues.get(b.topicPartition());
            synchronized (q) {
                q.inFlight = false;
            }
        }
    }

    /**
     * Puts batches back at the head of their queues, in their original order, for
     * another attempt no earlier than {@code retryAtNanos}.
     */
    public void reenqueue(List<ProducerBatch> batches, long retryAtNanos) {
        for (int i = batches.size() - 1; i >= 0; i--) {
            ProducerBatch b = batches.get(i);
            b.retryAt(retryAtNanos);
            PartitionQueue q = queues.get(b.topicPartition());
            synchronized (q) {
                q.batches.addFirst(b);
                q.inFlight = false;
            }
        }
    }

    /**
     * Removes and returns queued (not in-flight) batches created before
     * {@code deadlineNanos}, so the caller can fail them; only whole prefixes of a queue
     * are removed, so a partition never loses a batch while keeping later ones.
     */
    public List<ProducerBatch> expire(long nowNanos, long deliveryTimeoutNanos) {
        List<ProducerBatch> expired = new ArrayList<>();
        for (PartitionQueue queue : queues.values()) {
            synchronized (queue) {
                if (queue.inFlight) {
                    continue;
                }
                while (!queue.batches.isEmpty()
                        && nowNanos - queue.batches.peekFirst().createdNanos() >= deliveryTimeoutNanos) {
                    ProducerBatch b = queue.batches.pollFirst();
                    incomplete.remove(b);
                    expired.add(b);
                }
            }
        }
        return expired;
    }

    /** Nanoseconds until the earliest queued batch becomes ready, or {@code Long.MAX_VALUE}. */
    public long nanosUntilNextReady(long nowNanos) {
        long min = Long.MAX_VALUE;
        boolean flushing = closing || flushesInProgress.get() > 0;
        for (PartitionQueue queue : queues.values()) {
            synchronized (queue) {
                if (queue.inFlight || queue.batches.isEmpty()) {
                    continue;
                }
                ProducerBatch head = queue.batches.peekFirst();
                if (isReady(head, nowNanos, flushing)) {
                    return 0;
                }
                long at = head.attempts() > 0 ? head.retryAtNanos() : head.createdNanos() + lingerNanos;
                min = Math.min(min, Math.max(0, at - nowNanos));
            }
        }
        return min;
    }

    public boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    public void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    public void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** A future completed when every batch incomplete now has completed. */
    public CompletableFuture<Void> incompleteDone() {
        return CompletableFuture.allOf(incomplete.stream().map(ProducerBatch::done).toArray(CompletableFuture[]::new));
    }

    public void beginClose() {
        closing = true;
    }

    /** Fails every batch still queued or in flight; used when a close times out or the producer is fenced. */
    public List<ProducerBatch> abortAll(TributaryException error) {
        List<ProducerBatch> aborted = new ArrayList<>();
        for (PartitionQueue queue : queues.values()) {
            synchronized (queue) {
                aborted.addAll(queue.batches);
                queue.batches.clear();
            }
        }
        aborted.addAll(incomplete);
        incomplete.clear();
        for (ProducerBatch b : aborted) {
            b.fail(error);
        }
        return aborted;
    }

    public int batchSizeBytes() {
        return batchSizeBytes;
    }
}
