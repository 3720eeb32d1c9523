package dev.tributary.client.consumer.internals;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.client.FencedException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.client.internal.Time;
import dev.tributary.core.api.GroupHeartbeatRequest;
import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.TopicPartitions;
import dev.tributary.core.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's membership of a group: a background thread sends the heartbeats
 * ({@code POST /v1/groups/{group}/heartbeat}) at the interval the service asks for and
 * records the assignment each answer carries. It never touches the consumer's partitions
 * itself: the polling thread compares {@link #target()} with what it {@linkplain #held()
 * holds}, revokes and adds partitions (running the listener), then reports the result with
 * {@link #reconciled}, which the next heartbeat sends as {@code ownedPartitions}.
 *
 * <p>Invariants: the member id is chosen here once, so a join retried after a lost answer
 * is harmless. {@code ownedPartitions} is always {@code held ∪ target}: partitions the
 * service has just given are reported owned even before the polling thread picked them
 * up (leaving them out would release them), and revoked partitions stay reported until
 * the polling thread has let go of them. After {@code UNKNOWN_MEMBER} or
 * {@code FENCED_MEMBER_EPOCH} the member is {@linkplain #lost() lost}: no heartbeat is
 * sent until the polling thread has dropped everything ({@link #lossHandled()}); the
 * next one rejoins with epoch 0.
 *
 * <p>As Kafka's {@code max.poll.interval.ms}: when the polling thread has not called
 * {@link #polled()} for longer than the poll interval, the member leaves the group (so its
 * partitions move to live members) and counts as lost; the next poll rejoins. Heartbeats
 * that keep failing for longer than the API timeout are reported once through
 * {@link #takeFailure()} (and still retried), so an unreachable service does not go
 * unnoticed.
 *
 * <p>Thread-safe: state is guarded by one lock, shared by the heartbeat thread and the
 * polling thread.
 */
public final class GroupMembership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);
    private static final long MAX_RETRY_BACKOFF_MS = 1000;

    private final ServiceClient service;
    private final String groupPath;
    private final String heartbeatPath;
    private final String memberId = UUID.randomUUID().toString();
    private final long sessionTimeoutMs;
    private final long rebalanceTimeoutMs;
    private final long maxPollIntervalNanos;
    private final long apiTimeoutNanos;
    private final Time time;
    private final Runnable onChange;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;

    private List<String> topics;
    private boolean topicsChanged = true;
    private int epoch;
    private boolean joined;
    private Set<TopicPartition> target = Set.of();
    private Set<TopicPartition> held = Set.of();
    private Set<String> unknownTopics = Set.of();
    private boolean lost;
    private TributaryException failure;
    private long intervalMs = 3000;
    private long nextHeartbeatNanos;
    private long lastPollNanos;
    private int failures;
    private long failingSinceNanos;
    private boolean stopped;

    /**
     * Starts the heartbeat thread; the first heartbeat joins at once.
     *
     * @param onChange called (on the heartbeat thread) whenever the target or the membership changed
     */
    public GroupMembership(ServiceClient service, String groupId, Collection<String> topics, Duration sessionTimeout,
                           Duration rebalanceTimeout, Duration maxPollInterval, Duration apiTimeout, Time time,
                           Runnable onChange) {
        this.service = service;
        this.groupPath = ApiPaths.group(groupId);
        this.heartbeatPath = ApiPaths.heartbeat(groupId);
        this.topics = List.copyOf(new TreeSet<>(topics));
        this.sessionTimeoutMs = sessionTimeout.toMillis();
        this.rebalanceTimeoutMs = rebalanceTimeout.toMillis();
        this.maxPollIntervalNanos = maxPollInterval.toNanos();
        this.apiTimeoutNanos = apiTimeout.toNanos();
        this.time = time;
        this.nextHeartbeatNanos = time.nanoseconds();
        this.lastPollNanos = nextHeartbeatNanos;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "tributary-heartbeat-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    public String memberId() {
        return memberId;
    }

    /** The polling thread is alive: called at every poll, it restarts the poll interval. */
    public void polled() {
        lock.lock();
        try {
            lastPollNanos = time.nanoseconds();
        } finally {
            lock.unlock();
        }
    }

    /** Changes the subscription; sent with the next heartbeat, which is sent now. */
    public void subscribe(Collection<String> newTopics) {
        lock.lock();
        try {
            topics = List.copyOf(new TreeSet<>(newTopics));
            topicsChanged = true;
            heartbeatNow();
        } finally {
            lock.unlock();
        }
    }

    /** The partitions the service says this member owns now (empty while lost). */
    public Set<TopicPartition> target() {
        lock.lock();
        try {
            return target;
        } finally {
            lock.unlock();
        }
    }

    /** What the polling thread holds, as last reported. */
    public Set<TopicPartition> held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** Subscribed topics the service does not know (yet). */
    public Set<String> unknownTopics() {
        lock.lock();
        try {
            return unknownTopics;
        } finally {
            lock.unlock();
        }
    }

    /** True after the service fenced or forgot this member, until {@link #lossHandled()}. */
    public boolean lost() {
        lock.lock();
        try {
            return lost;
        } finally {
            lock.unlock();
        }
    }

    /** A non-retriable heartbeat failure (such as an invalid topic name), once; null if none. */
    public TributaryException takeFailure() {
        lock.lock();
        try {
            TributaryException f = failure;
            failure = null;
            return f;
        } finally {
            lock.unlock();
        }
    }

    /** The polling thread now holds exactly {@code partitions}; a heartbeat reporting them goes out now if anything was released. */
    public void reconciled(Set<TopicPartition> partitions) {
        lock.lock();
        try {
            boolean released = !partitions.containsAll(held);
            held = Set.copyOf(partitions);
            if (released) {
                heartbeatNow();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The polling thread dropped every partition after a loss; the member rejoins now. */
    public void lossHandled() {
        lock.lock();
        try {
            held = Set.of();
            lost = false;
            heartbeatNow();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The member id and epoch for an offset commit, or null while the member is not in the
     * group (not joined yet, or lost).
     */
    public Map.Entry<String, Integer> commitIdentity() {
        lock.lock();
        try {
            return joined && !lost ? Map.entry(memberId, epoch) : null;
        } finally {
            lock.unlock();
        }
    }

    private void heartbeatNow() {
        nextHeartbeatNanos = time.nanoseconds();
        wake.signalAll();
    }

    private void run() {
        while (true) {
            GroupHeartbeatRequest request;
            boolean leaving = false;
            lock.lock();
            try {
                while (!stopped && (lost || (time.nanoseconds() - nextHeartbeatNanos < 0 && !pollIntervalExpired()))) {
                    if (lost) {
                        wake.await();
                    } else {
                        long now = time.nanoseconds();
                        long until = nextHeartbeatNanos - now;
                        if (joined) {
                            until = Math.min(until, lastPollNanos + maxPollIntervalNanos - now + 1);
                        }
                        wake.awaitNanos(until);
                    }
                }
                if (stopped) {
                    return;
                }
                if (pollIntervalExpired()) {
                    LOG.warn("Member {} of {} did not poll for longer than max.poll.interval ({} ms) and leaves the "
                            + "group; its partitions go to other members and it rejoins at its next poll", memberId,
                            groupPath, TimeUnit.NANOSECONDS.toMillis(maxPollIntervalNanos));
                    leaving = true;
                    joined = false;
                    lost = true;
                    target = Set.of();
                    topicsChanged = true;
                    request = GroupHeartbeatRequest.leave(memberId);
                } else {
                    request = heartbeatRequest();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (leaving) {
                sendLeave(request);
                onChange.run();
                continue;
            }
            GroupHeartbeatResponse answer = null;
            TributaryException error = null;
            try {
                answer = service.send("POST", heartbeatPath, request, GroupHeartbeatResponse.class);
            } catch (TributaryException e) {
                error = e;
            }
            lock.lock();
            try {
                if (stopped) {
                    return;
                }
                if (error == null) {
                    onAnswer(request, answer);
                } else {
                    onError(error);
                }
            } finally {
                lock.unlock();
            }
            onChange.run();
        }
    }

    /** Caller holds the lock. */
    private boolean pollIntervalExpired() {
        return joined && time.nanoseconds() - lastPollNanos > maxPollIntervalNanos;
    }

    /** Caller holds the lock. */
    private GroupHeartbeatRequest heartbeatRequest() {
        boolean full = !joined || topicsChanged;
        List<TopicPartitions> owned = null;
        if (joined) {
            Set<TopicPartition> all = new LinkedHashSet<>(held);
            all.addAll(target);
            owned = toWire(all);
        }
        return new GroupHeartbeatRequest(memberId, joined ? epoch : 0, full ? topics : null,
                full ? sessionTimeoutMs : null, full ? rebalanceTimeoutMs : null, owned);
    }

    /** Caller holds the lock. */
    private void onAnswer(GroupHeartbeatRequest request, GroupHeartbeatResponse answer) {
        failures = 0;
        failingSinceNanos = 0;
        if (request.topics() != null && request.topics().equals(topics)) {
            topicsChanged = false;
        }
        joined = true;
        epoch = answer == null || answer.memberEpoch() == null ? 0 : answer.memberEpoch();
        target = Set.copyOf(fromWire(answer == null ? null : answer.assignment()));
        unknownTopics = answer == null || answer.unknownTopics() == null ? Set.of()
                : Set.copyOf(new TreeSet<>(answer.unknownTopics()));
        intervalMs = Math.max(100, answer == null || answer.heartbeatIntervalMs() == null ? 3000
                : answer.heartbeatIntervalMs());
        if (time.nanoseconds() - nextHeartbeatNanos >= 0) {
            nextHeartbeatNanos = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
        }
    }

    /** Caller holds the lock. */
    private void onError(TributaryException e) {
        ErrorCode code = e.errorCode();
        if (e instanceof FencedException && (code == ErrorCode.UNKNOWN_MEMBER || code == ErrorCode.FENCED_MEMBER_EPOCH)) {
            LOG.info("Member {} of {} lost its partitions ({}); rejoining", memberId, groupPath, e.getMessage());
            joined = false;
            lost = true;
            target = Set.of();
            topicsChanged = true;
            return;
        }
        long now = time.nanoseconds();
        if (failures++ == 0) {
            failingSinceNanos = now;
        }
        long backoff = Math.min(Math.min(intervalMs, MAX_RETRY_BACKOFF_MS), 100L << Math.min(10, failures - 1));
        nextHeartbeatNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff);
        if (e.retriable() || e.errorCode() == null) {
            if (failures % 10 == 0) {
                LOG.warn("Heartbeat of {} failed {} times in a row; still retrying: {}", groupPath, failures, e.getMessage());
            }
            if (now - failingSinceNanos >= apiTimeoutNanos && failure == null) {
                failure = new TributaryTimeoutException("Heartbeats to " + service.endpoint() + groupPath
                        + " have failed for " + TimeUnit.NANOSECONDS.toMillis(now - failingSinceNanos)
                        + " ms; still retrying. Last error: " + e.getMessage(), e);
                failingSinceNanos = now;
            }
        } else {
            failure = e;
        }
    }

    /** Stops heartbeating and leaves the group (epoch -1), so the partitions move at once; errors are logged. */
    @Override
    public void close() {
        boolean wasJoined;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            wasJoined = joined;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        if (wasJoined) {
            sendLeave(GroupHeartbeatRequest.leave(memberId));
        }
    }

    private void sendLeave(GroupHeartbeatRequest leave) {
        try {
            service.sendJson("POST", heartbeatPath, leave);
        } catch (TributaryException e) {
            LOG.warn("Member {} could not leave {}; the service removes it after the session timeout: {}",
                    memberId, groupPath, e.getMessage());
        }
    }

    /** {@code [{"topic", "partitions": [...]}]}, topics and partitions ascending. */
    static List<TopicPartitions> toWire(Collection<TopicPartition> partitions) {
        Map<String, TreeSet<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
        }
        List<TopicPartitions> out = new ArrayList<>();
        byTopic.forEach((t, ps) -> out.add(new TopicPartitions(t, List.copyOf(ps))));
        return out;
    }

    static Set<TopicPartition> fromWire(List<TopicPartitions> list) {
        Set<TopicPartition> out = new LinkedHashSet<>();
        if (list != null) {
            for (TopicPartitions t : list) {
                for (Integer p : t.partitions() == null ? List.<Integer>of() : t.partitions()) {
                    out.add(new TopicPartition(t.topic(), p));
                }
            }
        }
        return out;
    }
}
