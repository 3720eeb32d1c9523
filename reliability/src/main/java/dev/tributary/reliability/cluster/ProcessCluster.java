package dev.tributary.reliability.cluster;

import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.localstack.EmbeddedStackMain;
import dev.tributary.reliability.faults.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service as separate processes: one embedded stack process (DynamoDB Local + s3proxy on a
 * data directory) and several server processes in storage mode {@code aws} pointed at it, as
 * function instances share DynamoDB and S3. Servers can be killed, restarted, paused and resumed.
 * Ports: servers on {@code basePort}, {@code basePort + 1}, ...; DynamoDB on {@code basePort + 8}
 * and S3 on {@code basePort + 9}. The servers' clocks disagree: the second runs 1.5 s ahead, the
 * third 2 s behind. Not thread-safe: one harness thread drives it at a time.
 */
public final class ProcessCluster implements Cluster {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long[] CLOCK_OFFSETS_MS = {0, 1500, -2000};
    private final ChildJvm stack;
    private final List<ChildJvm> servers = new ArrayList<>();
    private final List<URI> endpoints = new ArrayList<>();
    private final Path control;
    private final AtomicInteger outages = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ProcessCluster(Path workDir, int serverCount, int basePort, FaultPlan plan, long seed) {
        try {
            Files.createDirectories(workDir);
            this.control = workDir.resolve("faults.control");
            Files.writeString(control, "off");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int dynamoDbPort = basePort + 8;
        int s3Port = basePort + 9;
        this.stack = new ChildJvm("stack", EmbeddedStackMain.class.getName(), Map.of(),
                List.of(workDir.resolve("data").toString(), Integer.toString(dynamoDbPort), Integer.toString(s3Port)), workDir).start();
        awaitLog(stack, "Tributary embedded stack");
        for (int i = 0; i < serverCount; i++) {
            int port = basePort + i;
            Map<String, String> props = new HashMap<>();
            props.put("micronaut.server.port", Integer.toString(port));
            props.put("micronaut.server.host", "127.0.0.1");
            props.put("tributary.storage.mode", "aws");
            props.put("tributary.storage.region", "us-east-1");
            props.put("tributary.storage.name-prefix", "tributary");
            props.put("tributary.storage.bucket", "tributary-segments-local");
            props.put("tributary.storage.s3-endpoint", "http://127.0.0.1:" + s3Port);
            props.put("tributary.storage.dynamodb-endpoint", "http://127.0.0.1:" + dynamoDbPort);
            props.put("tributary.storage.access-key-id", EmbeddedStack.ACCESS_KEY_ID);
            props.put("tributary.storage.secret-access-key", EmbeddedStack.SECRET_ACCESS_KEY);
            props.put("tributary.storage.path-style", "true");
            // The suite tests storage promises, not authentication: its clients send no credentials.
            props.put("tributary.security.auth", "none");
            props.put("reliability.faults", plan.encode());
            props.put("reliability.seed", Long.toString(seed + i));
            props.put("reliability.control", control.toString());
            // Clocks disagree by up to 2 s: group deadlines are evaluated with the serving instance's clock.
            props.put("tributary.testing.clock-offset-ms", Long.toString(CLOCK_OFFSETS_MS[i % CLOCK_OFFSETS_MS.length]));
            servers.add(new ChildJvm("server-" + i, ServerMain.class.getName(), props, List.of(), workDir));
            endpoints.add(URI.create("http://127.0.0.1:" + port));
        }
        for (int i = 0; i < serverCount; i++) {
            servers.get(i).start();
        }
        for (int i = 0; i < serverCount; i++) {
            awaitReady(endpoints.get(i).resolve("/health"), servers.get(i));
        }
    }

    @Override
    public List<URI> endpoints() {
        return List.copyOf(endpoints);
    }

    public List<ChildJvm> servers() {
        return List.copyOf(servers);
    }

    /** Starts a killed server again and waits until it answers. */
    public void restart(int server) {
        ChildJvm s = servers.get(server);
        if (!s.alive()) {
            s.start();
        }
        awaitReady(endpoints.get(server).resolve("/health"), s);
    }

    @Override
    public void storageFaults(boolean on) {
        writeControl(on ? "on" : "off");
    }

    @Override
    public void storageOutage(Duration duration) {
        writeControl("outage " + duration.toMillis() + " " + outages.incrementAndGet());
    }

    private void writeControl(String content) {
        try {
            Path tmp = control.resolveSibling("faults.control.tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, control, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(URI probe, ChildJvm process) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException(process.name() + " exited during start-up; see its log");
            }
            try {
                http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException(process.name() + " not ready after " + READY_TIMEOUT);
    }

    static void awaitLog(ChildJvm process, String text) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!process.logContains(text)) {
            if (!process.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(process.name() + " did not start; see its log");
            }
            sleep(200);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Map<String, Long> externalFaultCounts() {
        Map<String, Long> total = new java.util.TreeMap<>();
        try (var files = Files.list(control.getParent())) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".counts")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] kv = line.split("=");
                    if (kv.length == 2) {
                        total.merge(kv[0], Long.parseLong(kv[1].trim()), Long::sum);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // counts are informative only
        }
        return total;
    }

    @Override
    public void close() {
        servers.forEach(ChildJvm::close);
        stack.close();
    }
}
