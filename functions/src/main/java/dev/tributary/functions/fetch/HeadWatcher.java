package dev.tributary.functions.fetch;

import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.functions.produce.CommitListener;
import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.ShardId;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long polls: waits until a partition's head passes an offset, or a deadline.
 *
 * <p>Commits made by this process wake waiters at once. For commits by other instances there
 * is one watch per shard with waiters, however many they are: it reads the shard's newest
 * record every {@code tributary.fetch.watch-interval} and wakes the waiters it satisfies. So
 * an idle long poll costs at most one read per shard per interval on this instance, and no
 * read at all while nobody waits. Thread-safe.
 */
@Singleton
public class HeadWatcher implements CommitListener {
    private final LogReader reader;
    private final long intervalMs;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "long-poll");
        t.setDaemon(true);
        return t;
    });
    private final Map<ShardId, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    private record Waiter(int partition, long offset, CompletableFuture<Void> done) {
    }

    private final class Watch {
        final ShardId shard;
        final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
        ScheduledFuture<?> poll;

        Watch(ShardId shard) {
            this.shard = shard;
        }

        void check() {
            try {
                Optional<CommitRecord> latest = reader.latest(shard);
                latest.ifPresent(r -> waiters.forEach(w -> {
                    if (r.nextOffset(w.partition) > w.offset) {
                        w.done.complete(null);
                    }
                }));
            } catch (RuntimeException e) {
                // Storage trouble: answer the waiters now; their fetch reports the error or retries.
                waiters.forEach(w -> w.done.complete(null));
            }
        }
    }

    public HeadWatcher(LogReader reader, TributaryConfig config) {
        this.reader = reader;
        this.intervalMs = Math.max(10, config.getFetch().getWatchInterval().toMillis());
    }

    /** Completes (never exceptionally) when the head passes {@code offset} or {@code maxWait} elapses. */
    public CompletableFuture<Void> awaitBeyond(UUID topicId, int partition, long offset, Duration maxWait) {
        ShardId shard = ShardId.of(topicId, partition);
        Waiter waiter = new Waiter(partition, offset, new CompletableFuture<>());
        waiting.incrementAndGet();
        watches.compute(shard, (k, w) -> {
            Watch watch = w != null ? w : new Watch(k);
            watch.waiters.add(waiter);
            if (watch.poll == null) {
                watch.poll = timer.scheduleWithFixedDelay(watch::check, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
            }
            return watch;
        });
        ScheduledFuture<?> timeout = timer.schedule(() -> waiter.done.complete(null), maxWait.toMillis(), TimeUnit.MILLISECONDS);
        waiter.done.whenComplete((v, e) -> {
            timeout.cancel(false);
            waiting.decrementAndGet();
            watches.computeIfPresent(shard, (k, watch) -> {
                watch.waiters.remove(waiter);
                if (watch.waiters.isEmpty()) {
                    watch.poll.cancel(false);
                    return null;
                }
                return watch;
            });
        });
        return waiter.done;
    }

    /** Long polls waiting right now. */
    public int waiting() {
        return waiting.get();
    }

    /** Shards this instance is watching right now (one read per interval each). */
    public int watchedShards() {
        return watches.size();
    }

    @Override
    public void committed(UUID topicId, int partition, long nextOffset) {
        Watch watch = watches.get(ShardId.of(topicId, partition));
        if (watch != null) {
            for (Waiter w : watch.waiters) {
                if (w.partition == partition && nextOffset > w.offset) {
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
