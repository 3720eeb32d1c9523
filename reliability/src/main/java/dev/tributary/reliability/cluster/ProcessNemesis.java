package dev.tributary.reliability.cluster;

import dev.tributary.reliability.ReliabilityRun;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Disturbs the server processes of a {@link ProcessCluster} every few seconds: {@code kill -9}
 * and a restart a moment later, or {@code SIGSTOP} for a while (a zombie holding open
 * connections and in-flight requests) and {@code SIGCONT}. {@link #heal()} resumes and restarts
 * everything. One action at a time, from its own thread.
 */
public final class ProcessNemesis implements ReliabilityRun.Nemesis {
    private final ProcessCluster cluster;
    private final Random random;
    private final Duration every;
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    public ProcessNemesis(ProcessCluster cluster, long seed, Duration every) {
        this.cluster = cluster;
        this.random = new Random(seed);
        this.every = every;
    }

    @Override
    public void start(History history) {
        running.set(true);
        thread = new Thread(() -> {
            while (running.get()) {
                ProcessCluster.sleep(every.toMillis() / 2 + random.nextInt((int) Math.max(1, every.toMillis())));
                if (!running.get()) {
                    break;
                }
                int target = random.nextInt(cluster.servers().size());
                ChildJvm server = cluster.servers().get(target);
                if (random.nextBoolean()) {
                    history.record(s -> new Event.FaultInjected(s, "nemesis", "kill -9", server.name()));
                    server.kill();
                    ProcessCluster.sleep(500 + random.nextInt(2500));
                    cluster.restart(target);
                    history.record(s -> new Event.FaultInjected(s, "nemesis", "restart", server.name()));
                } else {
                    long pauseMs = 1000 + random.nextInt(7000);
                    history.record(s -> new Event.FaultInjected(s, "nemesis", "SIGSTOP", server.name() + " for " + pauseMs + " ms"));
                    server.pause();
                    ProcessCluster.sleep(pauseMs);
                    server.resume();
                }
            }
        }, "process-nemesis");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void heal() {
        running.set(false);
        if (thread != null) {
            try {
                thread.join(180_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < cluster.servers().size(); i++) {
            ChildJvm s = cluster.servers().get(i);
            if (s.paused()) {
                s.resume();
            }
            cluster.restart(i);
        }
    }
}
