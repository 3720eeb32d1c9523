package dev.tributary.cli;

import dev.tributary.client.Compression;
import dev.tributary.client.Header;
import dev.tributary.client.Serializers;
import dev.tributary.client.TributaryException;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.client.producer.TributaryProducer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary produce}: one record per stdin line. */
@Command(mixinStandardHelpOptions = true, name = "produce", description = "Send one record per line of standard input.")
final class ProduceCommand implements Runnable {
    static InputStream stdin = System.in;

    @ParentCommand
    Main main;
    @Spec
    CommandSpec spec;
    @Option(names = "--topic", required = true, description = "Topic to write to.")
    String topic;
    @Option(names = {"--key-separator", "-K"}, paramLabel = "SEP",
            description = "Split each line at the first SEP into key and value (a line without SEP has no key).")
    String keySeparator;
    @Option(names = {"--header", "-H"}, paramLabel = "KEY=VALUE",
            description = "Add this header to every record; repeatable.")
    List<String> headerSpecs = new ArrayList<>();
    @Option(names = "--partition", description = "Write every record to this partition.")
    Integer partition;
    @Option(names = "--compression", defaultValue = "none", description = "none, gzip, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    @Override
    public void run() {
        List<Header> headers = new ArrayList<>();
        for (String h : headerSpecs) {
            int at = h.indexOf('=');
            if (at <= 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--header must be KEY=VALUE with a non-empty KEY, not '" + h + "'");
            }
            headers.add(new Header(h.substring(0, at), h.substring(at + 1).getBytes(StandardCharsets.UTF_8)));
        }
        if (keySeparator != null && keySeparator.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--key-separator must not be empty");
        }
        var err = spec.commandLine().getErr();
        AtomicLong acked = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        long sent = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long lastProgress = start;
        try (TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(main.endpoint)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string())
                .compression(Compression.fromName(compression)).linger(Duration.ofMillis(10)).build();
             BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && firstError.get() == null) {
                String key = null;
                String value = line;
                if (keySeparator != null) {
                    int at = line.indexOf(keySeparator);
                    if (at >= 0) {
                        key = line.substring(0, at);
                        value = line.substring(at + keySeparator.length());
                    }
                }
                CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, partition, null, key, value, headers));
                f.whenComplete((m, e) -> {
                    if (e != null) {
                        firstError.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
                sent++;
                bytes += line.length();
                long now = System.nanoTime();
                if (now - lastProgress > 2_000_000_000L) {
                    lastProgress = now;
                    err.printf("... %d records sent, %d acknowledged%n", sent, acked.get());
                }
            }
            producer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Throwable error = firstError.get();
        if (error != null) {
            Throwable cause = error.getCause() != null && !(error instanceof TributaryException) ? error.getCause() : error;
            throw cause instanceof RuntimeException re ? re : new TributaryException(cause.getMessage(), cause);
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        spec.commandLine().getOut().printf("Produced %d records (%d bytes) to %s in %.1f s.%n", acked.get(), bytes,
                topic, seconds);
    }
}
