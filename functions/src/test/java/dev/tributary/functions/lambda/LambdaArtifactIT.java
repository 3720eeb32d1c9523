package dev.tributary.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.EmbeddedStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployable artifact {@code target/tributary-lambda.jar} after packaging: it
 * holds both handlers the template names and none of local mode's emulators, and it runs on
 * its own: a fresh JVM with only the artifact (plus {@link ColdStartProbe}) on the class path
 * constructs the handlers and serves requests against the embedded stack, configured as the
 * template configures the functions. Prints the size and the cold-start timings.
 */
class LambdaArtifactIT {
    private static final Path JAR = Path.of("target", "tributary-lambda.jar");
    private static final List<String> FORBIDDEN = List.of("dev/tributary/localstack/", "com/amazonaws/services/dynamodbv2/",
            "org/gaul/", "com/almworks/", "org/eclipse/jetty/", "io/micronaut/http/server/netty/", "org/mockito/",
            "application-local.yml", "tributary-infra/");

    @Test
    void artifact_holdsTheHandlers_andNoEmulators() throws IOException {
        List<String> offending = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                for (String prefix : FORBIDDEN) {
                    if (e.getName().startsWith(prefix)) {
                        offending.add(e.getName());
                    }
                }
                classes += e.getName().endsWith(".class") ? 1 : 0;
            }
            assertThat(jar.getEntry("io/micronaut/function/aws/proxy/payload2/APIGatewayV2HTTPEventFunction.class")).isNotNull();
            assertThat(jar.getEntry("dev/tributary/functions/lambda/MaintenanceHandler.class")).isNotNull();
            assertThat(jar.getEntry("application-lambda.yml")).isNotNull();
        }
        assertThat(offending).as("local emulators in the Lambda artifact").isEmpty();
        System.out.printf("LAMBDA-ARTIFACT bytes=%d classes=%d%n", Files.size(JAR), classes);
    }

    @Test
    void artifact_startsInAFreshJvm_andServesRequests() throws Exception {
        EmbeddedStack stack = EmbeddedStack.shared();
        Path probeDir = Files.createTempDirectory("cold-start-probe");
        Path probeClass = probeDir.resolve("dev/tributary/functions/lambda/ColdStartProbe.class");
        Files.createDirectories(probeClass.getParent());
        Files.copy(Path.of("target", "test-classes", "dev/tributary/functions/lambda/ColdStartProbe.class"), probeClass);

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // What the managed Java runtimes do by default: stop at C1 for fast start-up.
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-Dtributary.storage.s3-endpoint=" + stack.s3Endpoint(),
                "-Dtributary.storage.dynamodb-endpoint=" + stack.dynamoDbEndpoint(),
                "-Dtributary.storage.access-key-id=" + stack.accessKeyId(),
                "-Dtributary.storage.secret-access-key=" + stack.secretAccessKey(),
                "-Dtributary.storage.path-style=true",
                "-Dtributary.security.super-users=User:" + ColdStartProbe.CALLER_ARN,
                "-cp", JAR.toAbsolutePath() + java.io.File.pathSeparator + probeDir,
                ColdStartProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("TRIBUTARY_NAME_PREFIX", stack.namePrefix(), "TRIBUTARY_BUCKET", stack.bucket(),
                "TRIBUTARY_REGION", stack.region(), "MICRONAUT_ENVIRONMENTS", "lambda"));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String line = output.lines().filter(l -> l.startsWith("COLD-START")).findFirst().orElseThrow(
                () -> new AssertionError("no COLD-START line in:\n" + output));
        System.out.println(line);
        assertThat(line).contains("statuses=201,200,200,200").contains("\"value\":\"v\"").contains("orphansFound");
    }
}
