package dev.tributary.benchmarks;

import dev.tributary.benchmarks.cost.AwsRequestCounter;
import dev.tributary.benchmarks.cost.PresignedGetCounter;
import dev.tributary.benchmarks.driver.BenchmarkDriver;
import dev.tributary.benchmarks.driver.KafkaDriver;
import dev.tributary.benchmarks.driver.TributaryDriver;
import dev.tributary.benchmarks.report.Reports;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs the YAML workloads against Tributary (in this process, local mode) and then against
 * an Apache Kafka broker (child process), and optionally Kafka's client via Tributary's Kafka
 * gateway, and writes a side-by-side report.
 */
@Command(name = "tributary-benchmarks", mixinStandardHelpOptions = true,
        description = "Tributary vs Apache Kafka: throughput, latency, catch-up, fetch latency and request cost.")
public final class BenchmarkMain implements Callable<Integer> {

    @Option(names = "--quick", description = "Smoke run of about a minute: short phases, reduced sweeps.")
    boolean quick;

    @Option(names = "--workloads", description = "Directory of workload YAML files (default: benchmarks/workloads).")
    Path workloadDir;

    @Option(names = "--output", description = "Directory for results (default: benchmarks/results).")
    Path output;

    @Option(names = "--systems", split = ",", defaultValue = "tributary,kafka",
            description = "Systems to run, in order: tributary (the SDK), kafka (a broker), kafka-gateway "
                    + "(Kafka's client via Tributary's gateway) (default: ${DEFAULT-VALUE}).")
    List<String> systems;

    @Option(names = "--only", split = ",", description = "Run only workloads whose names contain one of these.")
    List<String> only;

    @Option(names = "--kafka-heap", defaultValue = "1g", description = "Kafka broker heap (default: ${DEFAULT-VALUE}).")
    String kafkaHeap;

    /** Logging configuration of the harness and of the broker child process (quiet unless something is wrong). */
    public static final String LOGBACK_CONFIG = "logback-benchmarks.xml";

    public static void main(String[] args) {
        // Before any logger exists; the functions jar brings its own logback.xml.
        System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PresignedGetCounter.install();
        Path moduleDir = moduleDir();
        Path dir = workloadDir != null ? workloadDir : moduleDir.resolve("workloads");
        Path out = output != null ? output : moduleDir.resolve("results");
        List<Workload> workloads = Workload.loadAll(dir, quick).stream()
                .filter(w -> only == null || only.stream().anyMatch(w.name()::contains)).toList();
        if (workloads.isEmpty()) {
            System.err.println("no workloads in " + dir.toAbsolutePath());
            return 2;
        }
        String mode = quick ? "quick" : "full";
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("mode", mode);
        environment.put("date", DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.now().atOffset(ZoneOffset.UTC)));
        environment.put("cpus", Runtime.getRuntime().availableProcessors());
        environment.put("java", System.getProperty("java.version"));
        environment.put("kafkaVersion", AppInfoParser.getVersion());
        environment.put("command", String.join(" ", ProcessHandle.current().info().arguments().orElse(new String[0])));

        List<Result> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try (Progress progress = new Progress()) {
            for (String system : systems) {
                progress.set("[" + system + "] starting");
                progress.println("starting " + system);
                try (BenchmarkDriver driver = open(system)) {
                    if (system.equals("tributary") && !AwsRequestCounter.registered()) {
                        progress.println("warning: the AWS request counter is not registered; costs will be missing");
                    }
                    WorkloadRunner runner = new WorkloadRunner(driver, progress);
                    for (Workload w : workloads) {
                        long t0 = System.nanoTime();
                        try {
                            results.addAll(runner.run(w));
                            progress.println(String.format("[%s] %s done in %.0f s", system, w.name(),
                                    (System.nanoTime() - t0) / 1e9));
                        } catch (RuntimeException e) {
                            // One failed workload must not cost the rest of a long run.
                            failures.add(system + " " + w.name() + ": " + e);
                            progress.println("[" + system + "] " + w.name() + " FAILED: " + e);
                        }
                    }
                }
            }
        }
        environment.put("failures", failures);
        environment.put("elapsedSeconds", Math.round((System.nanoTime() - started) / 1e9));
        Files.createDirectories(out);
        Reports.writeJson(out.resolve("results-" + mode + ".json"), environment, results);
        String markdown = Reports.markdown(environment, results);
        Files.writeString(out.resolve("results-" + mode + ".md"), markdown);
        System.out.println(markdown);
        System.out.println("written: " + out.resolve("results-" + mode + ".json") + ", "
                + out.resolve("results-" + mode + ".md"));
        return failures.isEmpty() ? 0 : 1;
    }

    private BenchmarkDriver open(String system) {
        return switch (system) {
            case "tributary" -> new TributaryDriver();
            case "kafka" -> new KafkaDriver(kafkaHeap);
            case "kafka-gateway" -> KafkaDriver.overGateway();
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown system " + system);
        };
    }

    /** {@code benchmarks/} when run from its jar in {@code benchmarks/target}, else the working directory's guess. */
    private static Path moduleDir() {
        try {
            Path jar = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent() == null ? null : jar.getParent().getParent();
            if (candidate != null && Files.isDirectory(candidate.resolve("workloads"))) {
                return candidate;
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return Files.isDirectory(Path.of("benchmarks", "workloads")) ? Path.of("benchmarks") : Path.of(".");
    }
}
