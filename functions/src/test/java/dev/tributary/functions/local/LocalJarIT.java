package dev.tributary.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained local-mode jar starts with {@code java -jar}, embedded stack included,
 * and answers {@code /health}; prints how long that took. Also checks the JSON log format.
 */
class LocalJarIT {
    private static final Path JAR = Path.of("target", "tributary-local.jar");

    @Test
    void localJar_startsWithJavaJar_andAnswersHealth(@TempDir Path dataDir) throws Exception {
        assertThat(JAR).exists();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmicronaut.server.port=" + port, "-Dtributary.storage.data-dir=" + dataDir, "-Dtributary.log.format=json",
                "-jar", JAR.toAbsolutePath().toString());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            List<String> output = new ArrayList<>();
            CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        output.add(line);
                        if (line.startsWith("Tributary is listening")) {
                            return line;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            String line = listening.get(2, TimeUnit.MINUTES);
            assertThat(line).as(String.join("\n", output)).isNotNull().contains(":" + port);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
            System.out.println("LOCAL-JAR startToHealthMs=" + ms + " bytes=" + Files.size(JAR));
            // -Dtributary.log.format=json: log lines are JSON objects (the banner and the "listening" line are not logs).
            assertThat(output).filteredOn(l -> l.contains("Embedded stack up")).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("{").contains("\"level\":\"INFO\"")
                            .contains("\"loggerName\":\"dev.tributary.localstack.EmbeddedStack\""));
            // Tests silence it, a real start does not: local mode says loudly that nobody is authenticated.
            assertThat(output).anySatisfy(l -> assertThat(l).contains("\"level\":\"WARN\"").contains("Authentication is OFF"));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
