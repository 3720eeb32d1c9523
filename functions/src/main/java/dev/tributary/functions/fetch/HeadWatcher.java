package dev.tributary.functions.fetch;

import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.functions.produce.CommitListener;
import dev.tributary.storage.PartitionStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Long polls: waits until a partition's head passes an offset, or a deadline. Commits made
 * by this process wake waiters at once; commits by other instances are seen by re-reading
 * the head every {@code tributary.fetch.poll-interval}. Thread-safe.
 */
@Singleton
public class HeadWatcher implements CommitListener {
    private final PartitionStore partitions;
    private final long pollIntervalMs;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "long-poll");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

    private record Waiter(long offset, CompletableFuture<Void> done) {
    }

    public HeadWatcher(PartitionStore partitions, TributaryConfig config) {
        this.partitions = partitions;
        this.pollIntervalMs = Math.max(10, config.getFetch().getPollInterval().toMillis());
    }

    /** Completes (never exceptionally) when the head passes {@code offset} or {@code maxWait} elapses. */
    public CompletableFuture<Void> awaitBeyond(UUID topicId, int partition, long offset, Duration maxWait) {
        String tp = topicId + "#" + partition;
        Waiter waiter = new Waiter(offset, new CompletableFuture<>());
        waiters.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        ScheduledFuture<?> timeout = timer.schedule(() -> waiter.done.complete(null), maxWait.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> poll = timer.scheduleWithFixedDelay(() -> {
            try {
                if (partitions.head(topicId, partition).nextOffset() > offset) {
                    waiter.done.complete(null);
                }
            } catch (RuntimeException e) {
                waiter.done.complete(null);
            }
        }, pollIntervalMs, pollIntervalMs, TimeUnit.MILLISECONDS);
        waiter.done.whenComplete((v, e) -> {
            timeout.cancel(false);
            poll.cancel(false);
            Set<Waiter> set = waiters.get(tp);
            if (set != null) {
                set.remove(waiter);
            }
        });
        return waiter.done;
    }

    @Override
    public void committed(UUID topicId, int partition, long nextOffset) {
        Set<Waiter> set = waiters.get(topicId + "#" + partition);
        if (set != null) {
            for (Waiter w : set) {
                if (nextOffset > w.offset) {
                    w.done.complete(null);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
