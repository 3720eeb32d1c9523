package dev.tributary.client.consumer.internals;

import dev.tributary.client.FencedException;
import dev.tributary.client.GroupNotFoundException;
import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.client.consumer.ConsumerRebalanceListener;
import dev.tributary.client.consumer.OffsetCommitCallback;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.OffsetsClient;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.client.internal.Time;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's side of its group, as Kafka's {@code ConsumerCoordinator}: joins and
 * leaves (through {@link GroupMembership}'s heartbeat thread), applies inside
 * {@code poll} the partitions the group gives and takes (running the
 * {@link ConsumerRebalanceListener}), commits offsets (auto-commit, commits before a
 * revocation and on close) and reads committed offsets.
 *
 * <p>Commit rules: nothing to commit completes at once, without a request; partitions the
 * consumer does not own (it is joining, or lost them) fail with {@link FencedException},
 * as Kafka's {@code CommitFailedException}. Commits are sent in order. Asynchronous
 * commit callbacks run on the polling thread, in a later {@code poll}, {@code commitSync}
 * or {@code close}.
 *
 * <p>Not thread-safe: used by the polling thread; only the membership's heartbeat thread
 * runs on its own.
 */
public final class ConsumerCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCoordinator.class);

    /** Group timing settings. */
    public record GroupTimeouts(Duration session, Duration rebalance, Duration maxPollInterval, Duration api) {
    }

    private final String groupId;
    private final ServiceClient service;
    private final OffsetsClient offsets;
    private final SubscriptionState subscriptions;
    private final Fetcher fetcher;
    private final boolean autoCommit;
    private final long autoCommitIntervalNanos;
    private final GroupTimeouts timeouts;
    private final Time time;
    private final Map<TopicPartition, Long> lastCommitted = new ConcurrentHashMap<>();
    private final Queue<Runnable> completedCommits = new ConcurrentLinkedQueue<>();
    private GroupMembership membership;
    private ConsumerRebalanceListener listener;
    private long nextAutoCommitNanos;

    public ConsumerCoordinator(String groupId, ServiceClient service, OffsetsClient offsets,
                               SubscriptionState subscriptions, Fetcher fetcher, boolean autoCommit,
                               Duration autoCommitInterval, GroupTimeouts timeouts, Time time) {
        this.groupId = groupId;
        this.service = service;
        this.offsets = offsets;
        this.subscriptions = subscriptions;
        this.fetcher = fetcher;
        this.autoCommit = autoCommit;
        this.autoCommitIntervalNanos = autoCommitInterval.toNanos();
        this.timeouts = timeouts;
        this.time = time;
        this.nextAutoCommitNanos = time.nanoseconds() + autoCommitIntervalNanos;
    }

    public boolean subscribed() {
        return membership != null;
    }

    /** Joins (in the background) or changes the subscription. */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        subscriptions.setMode(SubscriptionState.Mode.GROUP);
        this.listener = listener;
        if (membership == null) {
            membership = new GroupMembership(service, groupId, topics, timeouts.session(), timeouts.rebalance(),
                    timeouts.maxPollInterval(), timeouts.api(), time, fetcher::signal);
        } else {
            membership.subscribe(topics);
        }
    }

    /** Assigns partitions by hand; new ones start at the group's committed offsets. */
    public void assign(Collection<TopicPartition> partitions) {
        subscriptions.setMode(partitions.isEmpty() ? SubscriptionState.Mode.NONE
                : SubscriptionState.Mode.USER_ASSIGNED);
        Set<TopicPartition> added = new LinkedHashSet<>(partitions);
        added.removeAll(subscriptions.assignment());
        subscriptions.assign(partitions, committedStarts(added));
        fetcher.assignmentChanged();
    }

    /** Everything a {@code poll} does for the group before it collects records. */
    public void poll() {
        runCompletedCommitCallbacks();
        if (membership != null) {
            membership.polled();
            reconcile();
        }
        maybeAutoCommit();
    }

    /** Leaves the group after committing (with auto-commit) and revoking, as on close. */
    public void leaveGroup() {
        GroupMembership m = membership;
        Set<TopicPartition> owned = subscriptions.assignment();
        try {
            runCompletedCommitCallbacks();
            if (!owned.isEmpty() && !m.lost()) {
                if (autoCommit) {
                    commitQuietly(subscriptions.positions(owned));
                }
                if (listener != null) {
                    listener.onPartitionsRevoked(owned);
                }
            } else if (!owned.isEmpty() && listener != null) {
                listener.onPartitionsLost(owned);
            }
        } finally {
            membership = null;
            listener = null;
            subscriptions.assign(List.of(), Map.of());
            subscriptions.setMode(SubscriptionState.Mode.NONE);
            fetcher.assignmentChanged();
            m.close();
        }
    }

    /** Applies what the group gave and took since the last call, running the listener. */
    private void reconcile() {
        GroupMembership m = membership;
        TributaryException failure = m.takeFailure();
        if (failure != null) {
            throw failure;
        }
        if (m.lost()) {
            Set<TopicPartition> lost = subscriptions.assignment();
            setAssignment(List.of(), Map.of());
            try {
                if (!lost.isEmpty() && listener != null) {
                    listener.onPartitionsLost(lost);
                }
            } finally {
                m.lossHandled();
            }
        }
        Set<TopicPartition> target = m.target();
        Set<TopicPartition> held = subscriptions.assignment();
        Set<TopicPartition> revoked = new LinkedHashSet<>(held);
        revoked.removeAll(target);
        if (!revoked.isEmpty()) {
            try {
                if (autoCommit) {
                    commitQuietly(subscriptions.positions(revoked));
                }
                if (listener != null) {
                    listener.onPartitionsRevoked(Set.copyOf(revoked));
                }
            } finally {
                held.removeAll(revoked);
                setAssignment(held, Map.of());
                m.reconciled(held);
            }
        }
        Set<TopicPartition> added = new LinkedHashSet<>(target);
        added.removeAll(held);
        if (!added.isEmpty()) {
            Set<TopicPartition> all = new LinkedHashSet<>(held);
            all.addAll(added);
            setAssignment(all, committedStarts(added));
            m.reconciled(all);
            if (listener != null) {
                listener.onPartitionsAssigned(Set.copyOf(added));
            }
        }
    }

    private void setAssignment(Collection<TopicPartition> partitions, Map<TopicPartition, Long> starts) {
        subscriptions.assign(partitions, starts);
        fetcher.assignmentChanged();
    }

    private Map<TopicPartition, Long> committedStarts(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = new LinkedHashMap<>();
        if (!partitions.isEmpty()) {
            committed(partitions).forEach((tp, om) -> starts.put(tp, om.offset()));
        }
        return starts;
    }

    /** The group's committed offsets of those {@code partitions} that have one; empty for an unknown group. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        if (partitions.isEmpty()) {
            return out;
        }
        Set<TopicPartition> wanted = new HashSet<>(partitions);
        List<GroupOffset> all;
        try {
            all = offsets.committed(groupId);
        } catch (GroupNotFoundException e) {
            return out;
        }
        for (GroupOffset o : all) {
            TopicPartition tp = new TopicPartition(o.topic(), o.partition());
            if (wanted.contains(tp)) {
                out.put(tp, new OffsetAndMetadata(o.offset(), o.metadata()));
            }
        }
        return out;
    }

    private void maybeAutoCommit() {
        if (!autoCommit || time.nanoseconds() - nextAutoCommitNanos < 0) {
            return;
        }
        nextAutoCommitNanos = time.nanoseconds() + autoCommitIntervalNanos;
        Map<TopicPartition, OffsetAndMetadata> changed = subscriptions.positions(subscriptions.assignment());
        changed.entrySet().removeIf(e -> Long.valueOf(e.getValue().offset()).equals(lastCommitted.get(e.getKey())));
        if (changed.isEmpty() || (membership != null && membership.commitIdentity() == null)) {
            return;
        }
        commit(changed).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("Auto-commit for group '{}' failed: {}", groupId, Errors.wrap(e).getMessage());
            }
        });
    }

    /** Commits the positions of every owned partition, with auto-commit, before the consumer closes. */
    public void closeCommit() {
        if (membership != null) {
            leaveGroup();
        } else if (autoCommit && !subscriptions.assignment().isEmpty()) {
            commitQuietly(subscriptions.positions(subscriptions.assignment()));
        }
        runCompletedCommitCallbacks();
    }

    /** Commits and waits; failures are logged, for the commits the consumer makes on its own. */
    private void commitQuietly(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            ServiceClient.await(commit(toCommit));
        } catch (TributaryException e) {
            LOG.warn("Committing {} for group '{}' failed: {}", toCommit.keySet(), groupId, e.getMessage());
        }
    }

    /** Commits {@code toCommit}; completes at once when it is empty. */
    public CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        if (toCommit.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(toCommit);
        String memberId = null;
        int epoch = -1;
        if (membership != null) {
            Map.Entry<String, Integer> identity = membership.commitIdentity();
            if (identity == null) {
                return CompletableFuture.failedFuture(new FencedException(null, "Cannot commit " + copy.keySet()
                        + ": this consumer does not own them in group '" + groupId + "' (it is joining, or its "
                        + "partitions were lost and are revoked in the next poll)", null));
            }
            memberId = identity.getKey();
            epoch = identity.getValue();
        }
        return offsets.commit(groupId, copy, memberId, epoch).thenRun(() ->
                copy.forEach((tp, om) -> lastCommitted.put(tp, om.offset())));
    }

    /** Commits and waits, then runs completed commit callbacks. */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        ServiceClient.await(commit(toCommit));
        runCompletedCommitCallbacks();
    }

    /** Commits; {@code callback} runs on the polling thread later. */
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> toCommit, OffsetCommitCallback callback) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(toCommit);
        commit(copy).whenComplete((v, e) -> completedCommits.add(() ->
                callback.onComplete(copy, e == null ? null : Errors.wrap(e))));
    }

    private void runCompletedCommitCallbacks() {
        Runnable r;
        while ((r = completedCommits.poll()) != null) {
            r.run();
        }
    }
}
