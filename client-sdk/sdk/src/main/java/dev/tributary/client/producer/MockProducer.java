package dev.tributary.client.producer;

import dev.tributary.client.Serializer;
import dev.tributary.client.TopicPartition;
import dev.tributary.core.Partitioning;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Producer} for unit tests, like Kafka's {@code MockProducer}: it records what
 * was sent and completes futures at once ({@code autoComplete}) or when the test calls
 * {@link #completeNext()} / {@link #errorNext(RuntimeException)}. Offsets count up per
 * partition from 0; keyed records are partitioned as the real producer does.
 * Thread-safe (every method is synchronized).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class MockProducer<K, V> implements Producer<K, V> {
    private final boolean autoComplete;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final int partitions;
    private final List<ProducerRecord<K, V>> sent = new ArrayList<>();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private boolean closed;
    private int flushes;

    private record Pending(CompletableFuture<RecordMetadata> future, RecordMetadata metadata) {
    }

    /** A mock with {@code partitions} partitions per topic. */
    public MockProducer(boolean autoComplete, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                        int partitions) {
        this.autoComplete = autoComplete;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.partitions = partitions;
    }

    public MockProducer(boolean autoComplete, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(autoComplete, keySerializer, valueSerializer, 1);
    }

    @Override
    public synchronized CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("MockProducer is closed"));
        }
        sent.add(record);
        byte[] key = keySerializer.serialize(record.topic(), record.key());
        byte[] value = valueSerializer.serialize(record.topic(), record.value());
        int partition = record.partition() != null ? record.partition()
                : key != null ? Partitioning.forKey(key, partitions) : 0;
        TopicPartition tp = new TopicPartition(record.topic(), partition);
        long offset = nextOffsets.merge(tp, 1L, Long::sum) - 1;
        RecordMetadata metadata = new RecordMetadata(record.topic(), partition, offset,
                record.timestamp() != null ? record.timestamp() : System.currentTimeMillis(),
                key == null ? -1 : key.length, value == null ? -1 : value.length);
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        if (autoComplete) {
            future.complete(metadata);
        } else {
            pending.addLast(new Pending(future, metadata));
        }
        return future;
    }

    /** Appends at once when {@code expectedOffset} is this mock's end of the partition, as the service would. */
    @Override
    public synchronized CompletableFuture<List<RecordMetadata>> append(String topic, int partition, long expectedOffset,
                                                                     List<ProducerRecord<K, V>> records) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long end = nextOffsets.getOrDefault(tp, 0L);
        if (end != expectedOffset) {
            return CompletableFuture.failedFuture(new dev.tributary.client.OffsetMismatchException(
                    "Partition " + partition + " ends at offset " + end + ", not at the expected " + expectedOffset,
                    expectedOffset, end));
        }
        List<RecordMetadata> out = new ArrayList<>();
        for (ProducerRecord<K, V> r : records) {
            sent.add(r);
            long offset = nextOffsets.merge(tp, 1L, Long::sum) - 1;
            out.add(new RecordMetadata(topic, partition, offset, r.timestamp() != null ? r.timestamp() : System.currentTimeMillis(),
                    -1, -1));
        }
        return CompletableFuture.completedFuture(out);
    }

    /** Completes the oldest pending send successfully; false when none is pending. */
    public synchronized boolean completeNext() {
        Pending p = pending.pollFirst();
        return p != null && p.future.complete(p.metadata);
    }

    /** Fails the oldest pending send; false when none is pending. */
    public synchronized boolean errorNext(RuntimeException e) {
        Pending p = pending.pollFirst();
        return p != null && p.future.completeExceptionally(e);
    }

    /** Every record sent, in order. */
    public synchronized List<ProducerRecord<K, V>> history() {
        return List.copyOf(sent);
    }

    public synchronized void clear() {
        sent.clear();
        pending.clear();
    }

    @Override
    public synchronized void flush() {
        flushes++;
        while (completeNext()) {
            // completing everything pending is what a flush waits for
        }
    }

    public synchronized int flushCount() {
        return flushes;
    }

    @Override
    public int partitionCount(String topic) {
        return partitions;
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public void close(Duration timeout) {
        close();
    }
}
