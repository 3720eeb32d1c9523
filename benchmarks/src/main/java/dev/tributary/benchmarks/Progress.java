package dev.tributary.benchmarks;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A one-line progress display on standard error: rewritten in place every second on a
 * terminal, printed every five seconds otherwise (so logs stay readable). Thread-safe.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out = System.err;
    private final boolean terminal = System.console() != null;
    private final Thread thread;
    private volatile Supplier<String> status = () -> "";
    private volatile boolean running = true;

    Progress() {
        thread = new Thread(this::loop, "progress");
        thread.setDaemon(true);
        thread.start();
    }

    void set(Supplier<String> status) {
        this.status = status;
    }

    void set(String status) {
        this.status = () -> status;
    }

    /** Prints a permanent line (ends the current progress line first). */
    synchronized void println(String line) {
        out.print(terminal ? "\r\033[K" : "");
        out.println(line);
    }

    private void loop() {
        long ticks = 0;
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            ticks++;
            String s = status.get();
            synchronized (this) {
                if (terminal) {
                    out.print("\r\033[K" + s);
                    out.flush();
                } else if (ticks % 5 == 0 && !s.isEmpty()) {
                    out.println(s);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (terminal) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
