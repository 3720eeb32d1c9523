package dev.tributary.reliability;

import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.reliability.checker.CheckResult;
import dev.tributary.reliability.faults.FaultPlan;
import dev.tributary.reliability.cluster.InProcessCluster;
import dev.tributary.reliability.cluster.LocalModeCluster;
import dev.tributary.reliability.cluster.ProcessCluster;
import dev.tributary.reliability.cluster.ProcessNemesis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The reliability suite from the command line:
 * {@code java -jar reliability/target/tributary-reliability.jar --duration 10m}.
 * Mode {@code all} (the default) spends 70% of the time on {@code processes} (an embedded stack
 * process, several server processes with storage faults, kill -9 and SIGSTOP of servers) and 30%
 * on {@code local-crash} (kill -9 of local mode under load); {@code in-process} is the build's
 * short run. Exits 1 if any anomaly was found; the report is under {@code --out}.
 */
@Command(name = "tributary-reliability", mixinStandardHelpOptions = true,
        description = "Runs workloads under faults against Tributary and checks the history for broken promises.")
public final class ReliabilityMain implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", defaultValue = "10m", description = "Total workload time, e.g. 90s, 10m (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--mode", defaultValue = "all", description = "all, processes, local-crash or in-process (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--servers", defaultValue = "3", description = "Server processes in mode processes (default ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--base-port", defaultValue = "18100", description = "First of ten loopback ports the processes use (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--fault-rate", defaultValue = "0.02", description = "Probability of each storage fault per storage call (default ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--out", defaultValue = "target/reliability", description = "Report directory (default ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        // The service's own logging configuration is on the class path too; the harness is quieter.
        System.setProperty("logback.configurationFile", "logback-reliability.xml");
        int code = new CommandLine(new ReliabilityMain()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws IOException {
        if (!List.of("all", "processes", "local-crash", "in-process").contains(mode)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown mode " + mode + ": expected all, processes, local-crash or in-process");
        }
        Duration total;
        try {
            total = parse(duration);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad --duration " + duration + ": " + e.getMessage());
        }
        Path runDir = out.resolve("run-" + Instant.now().toString().replace(':', '-'));
        RunOptions base = RunOptions.quick(runDir)
                .withStorageFaults(FaultPlan.all(faultRate, Duration.ofMillis(1500)))
                .withSeed(seed);
        List<String> sections = new ArrayList<>();
        boolean valid = true;
        switch (mode) {
            case "in-process" -> valid = phase("in-process", base, total, sections, this::inProcess);
            case "processes" -> valid = phase("processes", base, total, sections, this::processes);
            case "local-crash" -> valid = phase("local-crash", base, total, sections, this::localCrash);
            case "all" -> {
                valid = phase("processes", base, total.multipliedBy(7).dividedBy(10), sections, this::processes);
                valid &= phase("local-crash", base, total.multipliedBy(3).dividedBy(10), sections, this::localCrash);
            }
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown mode " + mode);
        }
        String report = "# Reliability run " + runDir.getFileName() + "\n\ncommand: `--duration " + duration + " --mode " + mode
                + " --servers " + servers + " --fault-rate " + faultRate + " --seed " + seed + "`\n\n" + String.join("\n", sections);
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("report.md"), report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println(valid ? "No anomalies." : "ANOMALIES FOUND: see " + runDir);
        return valid ? 0 : 1;
    }

    private interface Phase {
        CheckResult run(RunOptions options);
    }

    private static boolean phase(String name, RunOptions base, Duration d, List<String> sections, Phase phase) {
        RunOptions options = base.withDuration(d).withZombieRounds((int) Math.max(1, d.toSeconds() / 60))
                .withOut(base.out().resolve(name));
        long started = System.nanoTime();
        CheckResult result = phase.run(options);
        sections.add("## " + name + " (" + d.toSeconds() + " s of workload, " + (System.nanoTime() - started) / 1_000_000_000
                + " s in all)\n\n" + result.table());
        return result.valid();
    }

    private CheckResult inProcess(RunOptions options) {
        ReliabilityRun run = new ReliabilityRun(options);
        try (EmbeddedStack stack = EmbeddedStack.builder().start();
             InProcessCluster cluster = new InProcessCluster(stack, 2, options.storageFaults(), options.seed(), run.history())) {
            return run.run(cluster, null);
        }
    }

    private CheckResult processes(RunOptions options) {
        ReliabilityRun run = new ReliabilityRun(options);
        try (ProcessCluster cluster = new ProcessCluster(options.out().resolve("work"), servers, basePort,
                options.storageFaults(), options.seed())) {
            return run.run(cluster, new ProcessNemesis(cluster, options.seed(), Duration.ofSeconds(10)));
        }
    }

    private CheckResult localCrash(RunOptions options) {
        ReliabilityRun run = new ReliabilityRun(options.withStorageFaults(FaultPlan.NONE).withOutageEvery(Duration.ZERO));
        try (LocalModeCluster cluster = new LocalModeCluster(options.out().resolve("work"), basePort + 3)) {
            return run.run(cluster, cluster.killer(options.seed(), Duration.ofSeconds(12)));
        }
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("a duration like 90s, 10m or 1h: " + text);
        };
    }
}
