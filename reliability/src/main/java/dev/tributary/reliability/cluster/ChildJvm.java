package dev.tributary.reliability.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM child process on this JVM's class path, which the harness can kill ({@code SIGKILL}),
 * pause ({@code SIGSTOP}) and resume ({@code SIGCONT}) and start again with the same command.
 * Output goes to a log file (appended across restarts). Thread-safe; a shutdown hook kills the
 * process if the harness is stopped early.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path log;
    private volatile Process process;
    private volatile boolean paused;

    public ChildJvm(String name, String mainClass, Map<String, String> systemProperties, List<String> args, Path logDir) {
        this.name = name;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        String nativeLibs = System.getProperty("sqlite4java.library.path");
        if (nativeLibs != null) {
            cmd.add("-Dsqlite4java.library.path=" + nativeLibs);
        }
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add(mainClass);
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        this.log = logDir.resolve(name + ".log");
        // A harness stopped with Ctrl-C must not leave servers (possibly paused ones) behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-" + name));
    }

    public String name() {
        return name;
    }

    /** Starts the process (again, after a kill). */
    public synchronized ChildJvm start() {
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            paused = false;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Whether the log (of every start so far) contains {@code text}. */
    public boolean logContains(String text) {
        try {
            return java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public boolean paused() {
        return paused;
    }

    /** {@code kill -9}: no shutdown hooks, no flushing. Waits until the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paused = false;
    }

    /** {@code kill -STOP}: the process freezes mid-whatever, its sockets stay open. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** {@code kill -CONT}. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) {
        if (!alive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the process for good (resumes it first if paused, so it can die). */
    @Override
    public synchronized void close() {
        if (paused) {
            resume();
        }
        kill();
    }
}
