package dev.tributary.benchmarks;

import dev.tributary.benchmarks.cost.CostModel;
import dev.tributary.benchmarks.cost.RequestCounts;
import dev.tributary.benchmarks.driver.BenchmarkDriver;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs workloads against one {@link BenchmarkDriver} and measures them. Every record's
 * value starts with the {@link System#nanoTime()} of its send, so end-to-end latency is
 * measured in this JVM (producers and consumers of both systems run here). Producers send
 * to partitions round-robin with explicit partition numbers, so both systems see the same
 * per-partition batching. Latencies are recorded in microseconds in HdrHistograms.
 * Not thread-safe: one workload at a time.
 */
final class WorkloadRunner {
    /** Unacknowledged records allowed per producer, so "as fast as possible" stays bounded. */
    private static final int MAX_IN_FLIGHT_PER_PRODUCER = 5_000;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(4);
    /** Server counters (see {@code ProduceStats}) and the metric derived from them. */
    static final String SEGMENT_PUTS = "segmentPuts";
    static final String SEGMENT_BYTES = "segmentBytes";
    static final String AVERAGE_SEGMENT_KIB = "average segment KiB";

    private final BenchmarkDriver driver;
    private final Progress progress;
    private final AtomicInteger topicCounter = new AtomicInteger();

    WorkloadRunner(BenchmarkDriver driver, Progress progress) {
        this.driver = driver;
        this.progress = progress;
    }

    /**
     * Runs every point of the workload; a point that needs server settings or storage that
     * this system does not have is skipped (an empty list for the whole workload). The server
     * runs with the workload's settings, and with its defaults again after a settings sweep.
     */
    List<Result> run(Workload w) {
        List<Result> results = new ArrayList<>();
        String label = "[" + driver.name() + "] " + w.name();
        if (w.kind() == Workload.Kind.STORAGE_FLOOR && driver.storage().isEmpty()) {
            progress.println(label + ": skipped (no storage floor to measure)");
            return results;
        }
        if (w.sweepParameter() != null) {
            if (Workload.isServerProperty(w.sweepParameter())
                    && !driver.restartWith(w.with(w.sweepParameter(), w.sweepValues().get(0)).serverProperties())) {
                progress.println(label + ": skipped (no server setting " + w.sweepParameter() + ")");
                return results;
            }
            try {
                for (String value : w.sweepValues()) {
                    results.addAll(runOne(w.with(w.sweepParameter(), value), w.sweepParameter() + "=" + value));
                }
            } finally {
                driver.restartWith(Map.of());
            }
        } else {
            results.addAll(runOne(w, ""));
        }
        return results;
    }

    private List<Result> runOne(Workload w, String variant) {
        String label = "[" + driver.name() + "] " + w.name() + (variant.isEmpty() ? "" : " " + variant);
        if (!driver.restartWith(w.serverProperties())) {
            progress.println(label + ": skipped (server settings " + w.serverProperties() + " do not apply)");
            return List.of();
        }
        if (w.kind() == Workload.Kind.STORAGE_FLOOR) {
            try {
                return new StorageFloor(progress).measure(w, driver.name(), driver.storage().orElseThrow(), label);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String topic = (w.name() + "-" + variant.replace(Workload.SERVER_PROPERTY_PREFIX, "")
                + "-" + topicCounter.incrementAndGet()).replaceAll("[^a-zA-Z0-9_-]", "-").replaceAll("-+", "-");
        driver.createTopic(topic, w.partitions());
        try {
            return switch (w.kind()) {
                case PRODUCE, END_TO_END -> List.of(produce(w, variant, topic, label));
                case CATCH_UP -> List.of(catchUp(w, variant, topic, label));
                case FETCH_LATENCY -> fetchLatency(w, topic, label);
                case STORAGE_FLOOR -> throw new IllegalStateException("measured above");
            };
        } finally {
            driver.deleteTopic(topic);
        }
    }

    // ---- produce and end-to-end -------------------------------------------------------

    /** Shared state of a set of producer threads. */
    private final class ProducerGroup {
        final Recorder latency = new Recorder(3);
        final LongAdder acked = new LongAdder();
        final LongAdder ackedBytes = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicBoolean measuring = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong budget;
        final List<Thread> threads = new ArrayList<>();
        volatile Throwable lastError;

        ProducerGroup(Workload w, String topic, long recordBudget) {
            budget = new AtomicLong(recordBudget <= 0 ? Long.MAX_VALUE : recordBudget);
            byte[] template = new byte[w.recordSize()];
            new Random(42).nextBytes(template);
            for (int i = 0; i < w.producers(); i++) {
                int first = i % w.partitions();
                Thread t = new Thread(() -> produceLoop(w, topic, template, first), "producer-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(120));
            }
        }

        private void produceLoop(Workload w, String topic, byte[] template, int firstPartition) {
            long interval = w.rate() > 0 ? TimeUnit.SECONDS.toNanos(1) * w.producers() / w.rate() : 0;
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PER_PRODUCER);
            int partition = firstPartition;
            try (BenchmarkDriver.Producer producer = driver.createProducer()) {
                long next = System.nanoTime();
                while (!stop.get() && budget.getAndDecrement() > 0) {
                    if (interval > 0) {
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    inFlight.acquireUninterruptibly();
                    byte[] value = template.clone();
                    long sentAt = System.nanoTime();
                    ByteBuffer.wrap(value).putLong(0, sentAt);
                    producer.send(topic, partition, value).whenComplete((ignored, error) -> {
                        inFlight.release();
                        if (error != null) {
                            errors.increment();
                            lastError = error;
                        } else if (measuring.get()) {
                            latency.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
                            acked.increment();
                            ackedBytes.add(value.length);
                        }
                    });
                    partition = (partition + 1) % w.partitions();
                }
                producer.flush();
                inFlight.acquireUninterruptibly(MAX_IN_FLIGHT_PER_PRODUCER);
            } catch (RuntimeException e) {
                lastError = e;
                errors.increment();
            }
        }
    }

    /** Consumer threads that record end-to-end latency. */
    private final class ConsumerGroup {
        final Recorder latency = new Recorder(3);
        final LongAdder consumed = new LongAdder();
        final LongAdder consumedBytes = new LongAdder();
        final AtomicBoolean measuring = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final List<BenchmarkDriver.Consumer> consumers = new ArrayList<>();
        volatile Throwable lastError;

        ConsumerGroup(Workload w, String topic, boolean fromBeginning, long stopAfter) {
            for (int i = 0; i < w.consumers(); i++) {
                List<Integer> partitions = new ArrayList<>();
                for (int p = i; p < w.partitions(); p += w.consumers()) {
                    partitions.add(p);
                }
                if (partitions.isEmpty()) {
                    continue;
                }
                BenchmarkDriver.Consumer consumer = driver.createConsumer(topic, partitions, fromBeginning);
                consumers.add(consumer);
                Thread t = new Thread(() -> consumeLoop(consumer, stopAfter), "consumer-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
        }

        private void consumeLoop(BenchmarkDriver.Consumer consumer, long stopAfter) {
            try {
                while (!stop.get() && consumed.sum() < stopAfter) {
                    consumer.poll(Duration.ofMillis(100), (partition, offset, value) -> {
                        long now = System.nanoTime();
                        if (measuring.get()) {
                            latency.recordValue(Math.max(0, (now - ByteBuffer.wrap(value).getLong(0)) / 1000));
                            consumed.increment();
                            consumedBytes.add(value.length);
                        }
                    });
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stopAndClose() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            consumers.forEach(BenchmarkDriver.Consumer::close);
        }
    }

    private Result produce(Workload w, String variant, String topic, String label) {
        boolean e2e = w.kind() == Workload.Kind.END_TO_END;
        ProducerGroup producers = new ProducerGroup(w, topic, 0);
        ConsumerGroup consumers = e2e ? new ConsumerGroup(w, topic, false, Long.MAX_VALUE) : null;
        try {
            if (consumers != null) {
                consumers.start();
            }
            producers.start();
            sleepWithStatus(w.warmup(), () -> label + "  warm-up");
            producers.latency.reset();
            RequestCounts before = RequestCounts.now();
            Map<String, Long> countersBefore = driver.serverCounters();
            long start = System.nanoTime();
            producers.measuring.set(true);
            if (consumers != null) {
                consumers.latency.reset();
                consumers.measuring.set(true);
            }
            sleepWithStatus(w.duration(), () -> String.format("%s  %,.0f records/s acknowledged%s", label,
                    producers.acked.sum() / seconds(System.nanoTime() - start),
                    consumers == null ? "" : String.format(", %,d consumed", consumers.consumed.sum())));
            producers.measuring.set(false);
            double elapsed = seconds(System.nanoTime() - start);
            RequestCounts requests = RequestCounts.now().minus(before);
            Map<String, Long> countersAfter = driver.serverCounters();
            long records = producers.acked.sum();
            long bytes = producers.ackedBytes.sum();
            progress.set(label + "  draining");
            producers.stopAndJoin();
            if (consumers != null) {
                Thread.sleep(1000);
                consumers.stopAndClose();
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("produce records/s", records / elapsed);
            m.put("produce MB/s", bytes / elapsed / 1e6);
            putLatency(m, "publish latency", producers.latency.getIntervalHistogram());
            if (consumers != null) {
                putLatency(m, "end-to-end latency", consumers.latency.getIntervalHistogram());
                m.put("consumed records/s", consumers.consumed.sum() / elapsed);
            }
            m.put("send errors", (double) producers.errors.sum());
            if (producers.lastError != null) {
                progress.println(label + ": send error: " + producers.lastError);
            }
            putSegments(m, countersBefore, countersAfter, elapsed);
            putCost(m, "ingested", requests, bytes);
            // With tailing consumers the phase's requests include their reads, charged to the bytes ingested.
            return new Result(w.name(), variant, driver.name(), m, e2e ? "ingest+tail" : "ingest", requests, bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- catch-up ------------------------------------------------------------------------

    private Result catchUp(Workload w, String variant, String topic, String label) {
        try {
            long backlog = w.backlogRecords();
            ProducerGroup producers = new ProducerGroup(w, topic, backlog);
            producers.measuring.set(true);
            long produceStart = System.nanoTime();
            producers.start();
            for (Thread t : producers.threads) {
                while (t.isAlive()) {
                    progress.set(String.format("%s  writing backlog %,d/%,d", label, producers.acked.sum(), backlog));
                    t.join(200);
                }
            }
            double produceSeconds = seconds(System.nanoTime() - produceStart);
            long written = producers.acked.sum();
            if (producers.lastError != null) {
                progress.println(label + ": send error while writing the backlog: " + producers.lastError);
            }

            RequestCounts before = RequestCounts.now();
            long start = System.nanoTime();
            ConsumerGroup consumers = new ConsumerGroup(w, topic, true, written);
            consumers.measuring.set(true);
            consumers.start();
            long deadline = start + CATCH_UP_TIMEOUT.toNanos();
            while (consumers.consumed.sum() < written && System.nanoTime() < deadline
                    && consumers.threads.stream().anyMatch(Thread::isAlive)) {
                progress.set(String.format("%s  reading backlog %,d/%,d", label, consumers.consumed.sum(), written));
                Thread.sleep(50);
            }
            double elapsed = seconds(System.nanoTime() - start);
            RequestCounts requests = RequestCounts.now().minus(before);
            long read = consumers.consumed.sum();
            long readBytes = consumers.consumedBytes.sum();
            consumers.stopAndClose();
            if (consumers.lastError != null) {
                progress.println(label + ": consume error: " + consumers.lastError);
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("backlog records", (double) written);
            m.put("send errors", (double) producers.errors.sum());
            m.put("backlog produce MB/s", producers.ackedBytes.sum() / produceSeconds / 1e6);
            m.put("catch-up records/s", read / elapsed);
            m.put("catch-up MB/s", readBytes / elapsed / 1e6);
            m.put("records read", (double) read);
            putCost(m, "read", requests, readBytes);
            return new Result(w.name(), variant, driver.name(), m, "read", requests, readBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- fetch latency vs log length ------------------------------------------------------

    private List<Result> fetchLatency(Workload w, String topic, String label) {
        try {
            return fetchLatencyPoints(w, topic, label);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Result> fetchLatencyPoints(Workload w, String topic, String label) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        long length = 0;
        try (BenchmarkDriver.Consumer consumer = driver.createConsumer(topic, List.of(0), true)) {
            for (long target : w.logLengths()) {
                ProducerGroup producers = new ProducerGroup(w, topic, target - length);
                producers.start();
                for (Thread t : producers.threads) {
                    while (t.isAlive()) {
                        progress.set(String.format("%s  growing log to %,d", label, target));
                        t.join(200);
                    }
                }
                length = target;
                Histogram latency = new Histogram(3);
                RequestCounts before = RequestCounts.now();
                for (int i = 0; i < w.samples(); i++) {
                    // Offset 0 is left out: the Kafka driver deletes its readiness probe record there.
                    long offset = 1 + ThreadLocalRandom.current().nextLong(length - 1);
                    long start = System.nanoTime();
                    consumer.seek(0, offset);
                    long deadline = start + TimeUnit.SECONDS.toNanos(10);
                    while (consumer.poll(Duration.ofMillis(500), (p, o, v) -> { }) == 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    latency.recordValue((System.nanoTime() - start) / 1000);
                    int sample = i;
                    progress.set(String.format("%s  log %,d: fetch %d/%d", label, length, sample + 1, w.samples()));
                }
                RequestCounts requests = RequestCounts.now().minus(before);
                Map<String, Double> m = new LinkedHashMap<>();
                putLatency(m, "fetch latency", latency);
                if (requests.calls().size() > 0) {
                    m.put("DynamoDB reads per fetch", requests.dynamoReadRequests() / (double) w.samples());
                    m.put("S3 GETs per fetch", requests.s3GetClass() / (double) w.samples());
                }
                results.add(new Result(w.name(), String.format("log=%d", length), driver.name(), m, "", null, 0));
            }
        }
        return results;
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Segments the server wrote during the phase: how many per second and how large on average. */
    static void putSegments(Map<String, Double> m, Map<String, Long> before, Map<String, Long> after, double seconds) {
        long puts = after.getOrDefault(SEGMENT_PUTS, 0L) - before.getOrDefault(SEGMENT_PUTS, 0L);
        long bytes = after.getOrDefault(SEGMENT_BYTES, 0L) - before.getOrDefault(SEGMENT_BYTES, 0L);
        if (puts > 0 && seconds > 0) {
            m.put("segments/s", puts / seconds);
            m.put(AVERAGE_SEGMENT_KIB, bytes / (double) puts / 1024);
        }
    }

    static void putLatency(Map<String, Double> m, String name, Histogram h) {
        m.put(name + " p50 ms", h.getValueAtPercentile(50) / 1000.0);
        m.put(name + " p99 ms", h.getValueAtPercentile(99) / 1000.0);
        m.put(name + " p99.9 ms", h.getValueAtPercentile(99.9) / 1000.0);
        m.put(name + " max ms", h.getMaxValue() / 1000.0);
    }

    private static void putCost(Map<String, Double> m, String what, RequestCounts requests, long bytes) {
        if (requests.calls().isEmpty() && requests.presignedGets() == 0 || bytes == 0) {
            return;
        }
        double gib = bytes / CostModel.GIB;
        if (what.equals("ingested")) {
            m.put("S3 PUTs per GiB " + what, requests.s3PutClass() / gib);
            m.put("DynamoDB WRU per GiB " + what, requests.writeUnits() / gib);
            m.put("maintenance $ per GiB " + what, CostModel.total(CostModel.maintenancePerGiB(requests, bytes)));
        } else {
            m.put("S3 GETs per GiB " + what, requests.s3GetClass() / gib);
            m.put("DynamoDB RRU per GiB " + what, requests.readUnits() / gib);
        }
        m.put("request $ per GiB " + what, CostModel.total(CostModel.tributaryPerGiB(requests, bytes)));
    }

    private void sleepWithStatus(Duration d, java.util.function.Supplier<String> status) throws InterruptedException {
        sleepWithStatus(progress, d, status);
    }

    static void sleepWithStatus(Progress progress, Duration d, java.util.function.Supplier<String> status)
            throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        long total = d.toSeconds();
        while (System.nanoTime() < end) {
            long left = TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime());
            String s = status.get() + String.format("  (%ds/%ds)", total - left, total);
            progress.set(s);
            Thread.sleep(Math.min(250, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
