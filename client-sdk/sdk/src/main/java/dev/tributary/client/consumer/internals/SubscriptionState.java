package dev.tributary.client.consumer.internals;

import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.TopicPartition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the consumer reads, as Kafka's {@code SubscriptionState}: how partitions are chosen
 * (by {@code assign} or by the group after {@code subscribe}, never both), the assigned
 * partitions in order, each one's position (the offset of the next record {@code poll}
 * returns, or -1 until known) and whether it is paused.
 *
 * <p>Thread-safe (synchronized): positions are set by the polling thread and, for a reset
 * by policy, by the fetcher's completion threads.
 */
public final class SubscriptionState {
    /** How partitions are chosen. */
    public enum Mode { NONE, USER_ASSIGNED, GROUP }

    private static final class PartitionState {
        long position = -1;
        boolean paused;
    }

    private final Map<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();
    private Mode mode = Mode.NONE;

    public synchronized Mode mode() {
        return mode;
    }

    /**
     * Switches to {@code mode}.
     *
     * @throws IllegalStateException when the other mode is in use
     */
    public synchronized void setMode(Mode newMode) {
        if (mode != Mode.NONE && newMode != Mode.NONE && mode != newMode) {
            throw new IllegalStateException("Subscription to topics and manual partition assignment are mutually "
                    + "exclusive; call unsubscribe() first");
        }
        mode = newMode;
    }

    /**
     * Replaces the assignment; kept partitions keep their state, new ones start at
     * {@code starts} (committed offsets) when given, else without a position.
     */
    public synchronized void assign(Collection<TopicPartition> partitions, Map<TopicPartition, Long> starts) {
        Map<TopicPartition, PartitionState> kept = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionState s = assignment.get(tp);
            if (s == null) {
                s = new PartitionState();
                Long start = starts.get(tp);
                if (start != null) {
                    s.position = start;
                }
            }
            kept.put(tp, s);
        }
        assignment.clear();
        assignment.putAll(kept);
    }

    /** The assigned partitions, in assignment order. */
    public synchronized List<TopicPartition> assignedPartitions() {
        return List.copyOf(assignment.keySet());
    }

    public synchronized Set<TopicPartition> assignment() {
        return new LinkedHashSet<>(assignment.keySet());
    }

    public synchronized boolean isAssigned(TopicPartition tp) {
        return assignment.containsKey(tp);
    }

    /** The position, or -1 when not known yet. */
    public synchronized long position(TopicPartition tp) {
        return require(tp).position;
    }

    public synchronized void position(TopicPartition tp, long offset) {
        require(tp).position = offset;
    }

    public synchronized void pause(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            require(tp);
        }
        partitions.forEach(tp -> assignment.get(tp).paused = true);
    }

    public synchronized void resume(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionState s = assignment.get(tp);
            if (s != null) {
                s.paused = false;
            }
        }
    }

    public synchronized Set<TopicPartition> paused() {
        Set<TopicPartition> out = new LinkedHashSet<>();
        assignment.forEach((tp, s) -> {
            if (s.paused) {
                out.add(tp);
            }
        });
        return out;
    }

    /** Assigned and not paused. */
    public synchronized boolean isFetchable(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        return s != null && !s.paused;
    }

    /** The positions of those {@code partitions} that have one, as offsets to commit. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionState s = assignment.get(tp);
            if (s != null && s.position >= 0) {
                out.put(tp, new OffsetAndMetadata(s.position));
            }
        }
        return out;
    }

    private PartitionState require(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        if (s == null) {
            throw new IllegalStateException("Partition " + tp + " is not assigned to this consumer");
        }
        return s;
    }
}
