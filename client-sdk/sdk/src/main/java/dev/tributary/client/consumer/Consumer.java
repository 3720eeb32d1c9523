package dev.tributary.client.consumer;

import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import java.io.Closeable;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Reads records from partitions, as Kafka's {@code Consumer}. Not thread-safe: use one
 * consumer from one thread (except {@link #wakeup()}). Errors are thrown as
 * {@link dev.tributary.client.TributaryException}s.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Consumer<K, V> extends Closeable {

    /** Reads exactly these partitions (replacing any previous assignment); no group is involved. */
    void assign(Collection<TopicPartition> partitions);

    /** The partitions currently assigned. */
    Set<TopicPartition> assignment();

    /** Joins the consumer's group and reads the partitions the group assigns to it. */
    void subscribe(Collection<String> topics);

    /** As {@link #subscribe(Collection)}, with a listener told about assignment changes. */
    void subscribe(Collection<String> topics, ConsumerRebalanceListener listener);

    /** Leaves the group, or drops a manual assignment. */
    void unsubscribe();

    /**
     * Returns the records available now, waiting up to {@code timeout} when there are
     * none. Advances the position of each returned partition past its records.
     *
     * @throws dev.tributary.client.OffsetOutOfRangeException     position outside the log and reset policy NONE
     * @throws dev.tributary.client.NoOffsetForPartitionException no position and reset policy NONE
     * @throws dev.tributary.client.TopicNotFoundException        an assigned topic was deleted
     * @throws dev.tributary.client.CorruptSegmentException       stored bytes failed their checksum
     * @throws IllegalStateException                              when nothing is assigned or subscribed
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** The next read of {@code partition} returns {@code offset}. */
    void seek(TopicPartition partition, long offset);

    void seekToBeginning(Collection<TopicPartition> partitions);

    void seekToEnd(Collection<TopicPartition> partitions);

    /** The offset of the next record {@code poll} will return for an assigned partition. */
    long position(TopicPartition partition);

    /**
     * For each partition, the first offset whose timestamp is at or after the given epoch
     * milliseconds; when no such record exists yet the offset is the end of the log and the
     * timestamp -1.
     */
    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch);

    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

    /**
     * Commits the current positions of all assigned partitions for the group: the offsets
     * after the records returned so far. Returns at once when there is nothing to commit
     * (no partitions yet, for instance while the consumer joins its group).
     */
    void commitSync();

    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** As {@link #commitSync()}; the future fails with the commit's exception. */
    CompletableFuture<Void> commitAsync();

    CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** The group's committed offsets of those {@code partitions} that have one. */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);

    /**
     * Makes the blocked {@link #poll} (or the next one) throw
     * {@link dev.tributary.client.WakeupException}, as Kafka's; callable from any thread.
     */
    void wakeup();

    /**
     * Stops returning records of these assigned partitions from {@link #poll} until
     * {@link #resume}; their positions and group membership are kept.
     *
     * @throws IllegalStateException for a partition that is not assigned
     */
    void pause(Collection<TopicPartition> partitions);

    /** Returns records of these partitions from {@link #poll} again. */
    void resume(Collection<TopicPartition> partitions);

    /** The partitions paused with {@link #pause}. */
    Set<TopicPartition> paused();

    @Override
    void close();
}
