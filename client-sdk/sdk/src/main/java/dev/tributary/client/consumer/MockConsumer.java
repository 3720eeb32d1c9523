package dev.tributary.client.consumer;

import dev.tributary.client.NoOffsetForPartitionException;
import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Consumer} for unit tests, like Kafka's {@code MockConsumer}: the test
 * {@link #assign}s partitions, sets offsets with {@link #updateBeginningOffsets} /
 * {@link #updateEndOffsets}, adds records with {@link #addRecord}, and {@link #poll}
 * returns the added records at or after each partition's position. Commits are kept in
 * memory ({@link #committed()}). A test may make the next poll throw with
 * {@link #setPollException}. Thread-safe (every method is synchronized).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class MockConsumer<K, V> implements Consumer<K, V> {
    private final AutoOffsetReset reset;
    private final Set<TopicPartition> assignment = new LinkedHashSet<>();
    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records = new HashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Map<TopicPartition, Long> beginning = new HashMap<>();
    private final Map<TopicPartition, Long> end = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
    private final Set<TopicPartition> paused = new LinkedHashSet<>();
    private final java.util.concurrent.atomic.AtomicBoolean wakeup = new java.util.concurrent.atomic.AtomicBoolean();
    private RuntimeException pollException;
    private boolean closed;

    public MockConsumer(AutoOffsetReset reset) {
        this.reset = reset;
    }

    @Override
    public synchronized void assign(Collection<TopicPartition> partitions) {
        assignment.clear();
        assignment.addAll(partitions);
    }

    @Override
    public synchronized Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    /** Subscribing assigns partition 0 of every topic: enough for tests of poll loops. */
    @Override
    public synchronized void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    @Override
    public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String t : topics) {
            partitions.add(new TopicPartition(t, 0));
        }
        assign(partitions);
        if (listener != null) {
            listener.onPartitionsAssigned(partitions);
        }
    }

    @Override
    public synchronized void unsubscribe() {
        assignment.clear();
    }

    public synchronized void addRecord(ConsumerRecord<K, V> record) {
        TopicPartition tp = record.topicPartition();
        records.computeIfAbsent(tp, k -> new ArrayList<>()).add(record);
        end.merge(tp, record.offset() + 1, Math::max);
    }

    public synchronized void updateBeginningOffsets(Map<TopicPartition, Long> offsets) {
        beginning.putAll(offsets);
    }

    public synchronized void updateEndOffsets(Map<TopicPartition, Long> offsets) {
        end.putAll(offsets);
    }

    public synchronized void setPollException(RuntimeException e) {
        this.pollException = e;
    }

    @Override
    public synchronized ConsumerRecords<K, V> poll(Duration timeout) {
        if (closed) {
            throw new IllegalStateException("MockConsumer is closed");
        }
        if (wakeup.getAndSet(false)) {
            throw new dev.tributary.client.WakeupException();
        }
        if (pollException != null) {
            RuntimeException e = pollException;
            pollException = null;
            throw e;
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        for (TopicPartition tp : assignment) {
            if (paused.contains(tp)) {
                continue;
            }
            long position = position(tp);
            List<ConsumerRecord<K, V>> list = new ArrayList<>();
            for (ConsumerRecord<K, V> r : records.getOrDefault(tp, List.of())) {
                if (r.offset() >= position) {
                    list.add(r);
                    position = r.offset() + 1;
                }
            }
            if (!list.isEmpty()) {
                out.put(tp, list);
                positions.put(tp, position);
            }
        }
        return new ConsumerRecords<>(out);
    }

    @Override
    public synchronized void seek(TopicPartition partition, long offset) {
        positions.put(partition, offset);
    }

    @Override
    public synchronized void seekToBeginning(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> positions.put(tp, beginning.getOrDefault(tp, 0L)));
    }

    @Override
    public synchronized void seekToEnd(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> positions.put(tp, end.getOrDefault(tp, 0L)));
    }

    @Override
    public synchronized long position(TopicPartition partition) {
        if (!assignment.contains(partition)) {
            throw new IllegalStateException("Partition " + partition + " is not assigned");
        }
        Long p = positions.get(partition);
        if (p == null) {
            OffsetAndMetadata c = committed.get(partition);
            if (c != null) {
                p = c.offset();
            } else if (reset == AutoOffsetReset.EARLIEST) {
                p = beginning.getOrDefault(partition, 0L);
            } else if (reset == AutoOffsetReset.LATEST) {
                p = end.getOrDefault(partition, 0L);
            } else {
                throw new NoOffsetForPartitionException("No position for " + partition);
            }
            positions.put(partition, p);
        }
        return p;
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> times) {
        Map<TopicPartition, OffsetAndTimestamp> out = new LinkedHashMap<>();
        times.forEach((tp, ts) -> {
            OffsetAndTimestamp found = new OffsetAndTimestamp(end.getOrDefault(tp, 0L), -1);
            for (ConsumerRecord<K, V> r : records.getOrDefault(tp, List.of())) {
                if (r.timestamp() >= ts) {
                    found = new OffsetAndTimestamp(r.offset(), r.timestamp());
                    break;
                }
            }
            out.put(tp, found);
        });
        return out;
    }

    @Override
    public synchronized Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        partitions.forEach(tp -> out.put(tp, beginning.getOrDefault(tp, 0L)));
        return out;
    }

    @Override
    public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        partitions.forEach(tp -> out.put(tp, end.getOrDefault(tp, 0L)));
        return out;
    }

    @Override
    public synchronized void commitSync() {
        for (TopicPartition tp : assignment) {
            committed.put(tp, new OffsetAndMetadata(position(tp)));
        }
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        committed.putAll(offsets);
    }

    @Override
    public synchronized CompletableFuture<Void> commitAsync() {
        commitSync();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        partitions.forEach(tp -> {
            if (committed.containsKey(tp)) {
                out.put(tp, committed.get(tp));
            }
        });
        return out;
    }

    /** What was committed, per partition. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committed() {
        return Map.copyOf(committed);
    }

    @Override
    public void wakeup() {
        wakeup.set(true);
    }

    @Override
    public synchronized void pause(Collection<TopicPartition> partitions) {
        paused.addAll(partitions);
    }

    @Override
    public synchronized void resume(Collection<TopicPartition> partitions) {
        paused.removeAll(partitions);
    }

    @Override
    public synchronized Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
