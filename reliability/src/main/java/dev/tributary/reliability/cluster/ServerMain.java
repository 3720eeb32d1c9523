package dev.tributary.reliability.cluster;

import dev.tributary.reliability.faults.FaultPlan;
import dev.tributary.reliability.faults.StorageFaults;
import dev.tributary.storage.StorageInterceptors;
import io.micronaut.runtime.Micronaut;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One service instance for multi-process runs: the ordinary application (configured by system
 * properties, storage mode {@code aws} pointed at the stack process) plus {@link StorageFaults}
 * on its storage clients. The harness steers the faults through a control file
 * ({@code reliability.control}): {@code on}, {@code off}, or {@code outage <ms> <n>} (a new
 * outage whenever {@code n} changes). Fault rates come from {@code reliability.faults}
 * ({@link FaultPlan#encode()}). Injected faults are counted, by kind, in a file next to the
 * control file ({@code faults-<pid>.counts}, rewritten every 100 ms; a killed process keeps
 * what it last wrote).
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        FaultPlan plan = FaultPlan.decode(System.getProperty("reliability.faults", FaultPlan.NONE.encode()));
        long seed = Long.getLong("reliability.seed", 1);
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        StorageFaults faults = new StorageFaults(plan, seed,
                (kind, call) -> counts.computeIfAbsent("storage " + kind, k -> new AtomicLong()).incrementAndGet());
        String control = System.getProperty("reliability.control");
        if (control != null) {
            Path counted = Path.of(control).resolveSibling("faults-" + ProcessHandle.current().pid() + ".counts");
            follow(Path.of(control), faults, counts, counted);
        }
        Micronaut.build(args).mainClass(ServerMain.class).singletons(StorageInterceptors.both(faults)).start();
    }

    private static void follow(Path control, StorageFaults faults, Map<String, AtomicLong> counts, Path counted) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fault-control");
            t.setDaemon(true);
            return t;
        });
        String[] lastOutage = {""};
        timer.scheduleWithFixedDelay(() -> {
            try {
                String[] words = Files.readString(control).trim().split("\\s+");
                if (words[0].equals("on")) {
                    faults.enable();
                } else if (words[0].equals("off")) {
                    faults.disable();
                } else if (words[0].equals("outage") && words.length == 3 && !words[2].equals(lastOutage[0])) {
                    lastOutage[0] = words[2];
                    faults.enable();
                    faults.outage(Duration.ofMillis(Long.parseLong(words[1])));
                }
                StringBuilder b = new StringBuilder();
                counts.forEach((kind, n) -> b.append(kind).append('=').append(n.get()).append('\n'));
                Files.writeString(counted, b.toString());
            } catch (IOException | RuntimeException unreadable) {
                // keep the last state until the file is readable again
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }
}
