package dev.tributary.reliability.workload;

import dev.tributary.reliability.history.History;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client of the service on its own thread, recording what it sees into a {@link History}
 * until {@link #stop()}. Subclasses implement {@link #work()} and check {@link #running()}.
 */
public abstract class Worker implements Runnable {
    protected final String name;
    protected final History history;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    protected Worker(String name, History history) {
        this.name = name;
        this.history = history;
    }

    public String name() {
        return name;
    }

    /** Starts the worker's thread. */
    public Worker start() {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Asks the worker to stop and waits for it (up to {@code timeoutMs}). */
    public void stop(long timeoutMs) {
        running.set(false);
        if (thread != null) {
            try {
                thread.join(timeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    protected boolean running() {
        return running.get();
    }

    @Override
    public final void run() {
        try {
            work();
        } catch (RuntimeException e) {
            if (running()) {
                System.err.println(name + " stopped: " + e);
            }
        }
    }

    protected abstract void work();

    /** Paces a loop; the workloads are meant to load the service, not to saturate two cores. */
    public static void sleepQuietly(long millis) {
        pause(millis);
    }

    static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
