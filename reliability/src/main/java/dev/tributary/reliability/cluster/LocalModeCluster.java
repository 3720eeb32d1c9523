package dev.tributary.reliability.cluster;

import dev.tributary.functions.local.LocalMain;
import dev.tributary.reliability.ReliabilityRun;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Local mode as users run it: one {@link LocalMain} process holding the HTTP API and the embedded
 * stack on a data directory. Its nemesis is {@code kill -9} under load and a restart on the same
 * directory: every acknowledged record must still be there, at its offset, and no offset may be
 * handed out twice. Not thread-safe.
 */
public final class LocalModeCluster implements Cluster {
    private final ChildJvm process;
    private final URI endpoint;

    public LocalModeCluster(Path workDir, int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.process = new ChildJvm("local-mode", LocalMain.class.getName(), Map.of(
                "micronaut.server.port", Integer.toString(port),
                "micronaut.server.host", "127.0.0.1",
                "tributary.storage.data-dir", workDir.resolve("data").toString()), List.of(), workDir);
        restart();
    }

    /** Starts the process (again) and waits until it serves. */
    public void restart() {
        if (!process.alive()) {
            process.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException("local mode exited during start-up; see local-mode.log");
            }
            try {
                http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                return;
            } catch (java.io.IOException notYet) {
                ProcessCluster.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("local mode not ready");
    }

    public ChildJvm process() {
        return process;
    }

    @Override
    public List<URI> endpoints() {
        return List.of(endpoint);
    }

    @Override
    public void storageFaults(boolean on) {
        // Local mode runs as shipped: no fault hooks, only kills.
    }

    @Override
    public void storageOutage(Duration duration) {
        // as above
    }

    @Override
    public void close() {
        process.close();
    }

    /** {@code kill -9} every few seconds and a restart at once. */
    public ReliabilityRun.Nemesis killer(long seed, Duration every) {
        AtomicBoolean running = new AtomicBoolean();
        Random random = new Random(seed);
        Thread[] thread = new Thread[1];
        return new ReliabilityRun.Nemesis() {
            @Override
            public void start(History history) {
                running.set(true);
                thread[0] = new Thread(() -> {
                    while (running.get()) {
                        ProcessCluster.sleep(every.toMillis() / 2 + random.nextInt((int) Math.max(1, every.toMillis())));
                        if (!running.get()) {
                            break;
                        }
                        history.record(s -> new Event.FaultInjected(s, "nemesis", "kill -9", "local mode"));
                        process.kill();
                        restart();
                        history.record(s -> new Event.FaultInjected(s, "nemesis", "restart", "local mode"));
                    }
                }, "local-mode-killer");
                thread[0].setDaemon(true);
                thread[0].start();
            }

            @Override
            public void heal() {
                running.set(false);
                try {
                    thread[0].join(180_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                restart();
            }
        };
    }
}
