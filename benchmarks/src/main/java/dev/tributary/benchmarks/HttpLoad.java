package dev.tributary.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load script for the plain JSON HTTP API of a running server: N concurrent clients produce
 * fixed-size records, then one client fetches the backlog. Prints records/s, MB/s, request
 * latency percentiles, and the server's own counters (S3 PUTs and DynamoDB transactions per
 * second, heap) so the batching is visible. A measuring tool: it asserts nothing.
 */
@Command(name = "http-load", mixinStandardHelpOptions = true,
        description = "Produce then fetch load against the Tributary JSON HTTP API.")
public final class HttpLoad implements Callable<Integer> {
    @Option(names = "--endpoint", defaultValue = "http://localhost:8080")
    URI endpoint;
    @Option(names = "--clients", defaultValue = "16", description = "concurrent producing clients")
    int clients;
    @Option(names = "--records-per-request", defaultValue = "100")
    int recordsPerRequest;
    @Option(names = "--record-bytes", defaultValue = "1024")
    int recordBytes;
    @Option(names = "--partitions", defaultValue = "8")
    int partitions;
    @Option(names = "--duration", defaultValue = "30s", description = "produce phase length, e.g. 30s")
    String duration;
    @Option(names = "--fetch-max-records", defaultValue = "5000")
    int fetchMaxRecords;
    @Option(names = "--skip-fetch", defaultValue = "false")
    boolean skipFetch;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) {
        System.exit(new CommandLine(new HttpLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String topic = "load-" + System.currentTimeMillis();
        send("POST", "/v1/topics", "{\"name\":\"" + topic + "\",\"partitions\":" + partitions + "}");
        byte[] body = produceBody();
        long durationMs = parseDuration(duration);
        System.out.printf("producing to %s: %d clients x %d records of %d B per request, %d partitions, %d s%n",
                topic, clients, recordsPerRequest, recordBytes, partitions, durationMs / 1000);

        JsonNode statsBefore = stats();
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/v1/topics/" + topic + "/records"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            requests.incrementAndGet();
                            latency.recordValue((System.nanoTime() - t0) / 1000);
                        } else {
                            errors.incrementAndGet();
                            Thread.sleep(r.statusCode() == 429 ? 50 : 5);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode statsAfter = stats();
        long records = requests.get() * recordsPerRequest;
        System.out.printf("PRODUCE  %,.0f records/s  %.1f MB/s  %,.0f requests/s  errors=%d%n",
                records / seconds, records * (double) recordBytes / seconds / 1e6, requests.get() / seconds, errors.get());
        printLatency("produce request latency", latency);
        if (statsBefore != null && statsAfter != null) {
            double puts = statsAfter.get("segmentPuts").asLong() - statsBefore.get("segmentPuts").asLong();
            double txs = statsAfter.get("commitTransactions").asLong() - statsBefore.get("commitTransactions").asLong();
            System.out.printf("SERVER   %.1f S3 PUTs/s  %.1f DynamoDB transactions/s  (%.1f requests per segment)  heap used %d MB of %d MB%n",
                    puts / seconds, txs / seconds, puts == 0 ? 0 : requests.get() / puts,
                    statsAfter.path("heapUsedBytes").asLong() / 1_000_000, statsAfter.path("heapMaxBytes").asLong() / 1_000_000);
        }
        if (!skipFetch) {
            fetchBacklog(topic);
        }
        return 0;
    }

    private void fetchBacklog(String topic) throws Exception {
        long total = 0;
        long bytes = 0;
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long start = System.nanoTime();
        for (int p = 0; p < partitions; p++) {
            long offset = 0;
            while (true) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/v1/topics/" + topic + "/partitions/" + p
                        + "/records?offset=" + offset + "&maxRecords=" + fetchMaxRecords + "&maxBytes=16000000")).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                latency.recordValue((System.nanoTime() - t0) / 1000);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("fetch failed: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                }
                JsonNode body = json.readTree(r.body());
                int n = body.get("records").size();
                total += n;
                bytes += r.body().length;
                offset = body.get("nextOffset").asLong();
                if (n == 0 || offset >= body.get("highWatermark").asLong()) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("FETCH    %,.0f records/s  %.1f MB/s of JSON  (%,d records, one client)%n",
                total / seconds, bytes / seconds / 1e6, total);
        printLatency("fetch request latency", latency);
        JsonNode s = stats();
        if (s != null) {
            System.out.printf("SERVER   heap used %d MB of %d MB%n", s.path("heapUsedBytes").asLong() / 1_000_000,
                    s.path("heapMaxBytes").asLong() / 1_000_000);
        }
    }

    private byte[] produceBody() {
        StringBuilder value = new StringBuilder(recordBytes);
        for (int i = 0; i < recordBytes; i++) {
            value.append((char) ('a' + i % 26));
        }
        StringBuilder sb = new StringBuilder("{\"records\":[");
        for (int i = 0; i < recordsPerRequest; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"key\":\"key-").append(i).append("\",\"value\":\"").append(value).append("\"}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode stats() {
        try {
            return json.readTree(send("GET", "/v1/stats", null));
        } catch (Exception e) {
            return null;
        }
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void printLatency(String what, Histogram h) {
        System.out.printf("         %s: p50 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms%n", what,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static long parseDuration(String text) {
        String t = text.trim().toLowerCase();
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2));
        }
        if (t.endsWith("s")) {
            return Long.parseLong(t.substring(0, t.length() - 1)) * 1000;
        }
        if (t.endsWith("m")) {
            return Long.parseLong(t.substring(0, t.length() - 1)) * 60_000;
        }
        return Long.parseLong(t) * 1000;
    }
}
