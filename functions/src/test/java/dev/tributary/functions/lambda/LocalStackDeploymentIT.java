package dev.tributary.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The LocalStack path: deploys {@code infra/template.yaml} and the Lambda artifact to
 * LocalStack with the same init script as {@code localstack/docker-compose.yml}, then runs
 * the HTTP API against the deployed tables and bucket for a produce/fetch round trip. (The
 * deployed functions are created but not invoked: LocalStack's community edition has no
 * API Gateway HTTP APIs, and running Lambda functions needs the Docker socket inside it.)
 * Skipped, with the reason printed, where no Docker engine is reachable.
 */
class LocalStackDeploymentIT {
    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    @Test
    void deployTemplate_thenProduceAndFetch() throws Exception {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            System.out.println("LocalStackDeploymentIT skipped: no Docker engine is reachable here, so LocalStack cannot run.");
        }
        Assumptions.assumeTrue(docker, "no Docker engine is reachable, so LocalStack cannot run");

        Path repo = Path.of("..").toAbsolutePath().normalize();
        try (LocalStackContainer localstack = new LocalStackContainer(IMAGE)
                .withEnv("LAMBDA_IGNORE_ARCHITECTURE", "1")
                .withCopyFileToContainer(MountableFile.forHostPath(repo.resolve("infra/template.yaml")),
                        "/opt/tributary/infra/template.yaml")
                .withCopyFileToContainer(MountableFile.forHostPath(repo.resolve("functions/target/tributary-lambda.jar")),
                        "/opt/tributary/functions/target/tributary-lambda.jar")
                .withCopyFileToContainer(MountableFile.forHostPath(repo.resolve("localstack/init/deploy.sh"), 0755),
                        "/opt/tributary/deploy.sh")) {
            localstack.start();
            ExecResult deployed = localstack.execInContainer("bash", "/opt/tributary/deploy.sh");
            System.out.println(deployed.getStdout());
            assertThat(deployed.getExitCode()).as(deployed.getStderr()).isZero();
            String bucket = output(deployed.getStdout(), "BucketName");
            assertThat(output(deployed.getStdout(), "TopicsTableName")).isEqualTo("tributary-topics");

            String endpoint = localstack.getEndpoint().toString();
            Map<String, Object> props = new HashMap<>();
            props.put("micronaut.server.port", -1);
            props.put("tributary.storage.mode", "aws");
            props.put("tributary.storage.region", localstack.getRegion());
            props.put("tributary.storage.name-prefix", "tributary");
            props.put("tributary.storage.bucket", bucket);
            props.put("tributary.storage.s3-endpoint", endpoint);
            props.put("tributary.storage.dynamodb-endpoint", endpoint);
            props.put("tributary.storage.access-key-id", localstack.getAccessKey());
            props.put("tributary.storage.secret-access-key", localstack.getSecretKey());
            props.put("tributary.storage.path-style", true);
            try (ApplicationContext context = ApplicationContext.run(props)) {
                URI base = context.getBean(EmbeddedServer.class).start().getURI();
                HttpClient http = HttpClient.newHttpClient();
                String topic = TestServer.uniqueTopic();
                assertThat(send(http, base, "POST", "/v1/topics", "{\"name\":\"" + topic + "\",\"partitions\":1}").statusCode())
                        .isEqualTo(201);
                assertThat(send(http, base, "POST", "/v1/topics/" + topic + "/records",
                        "{\"records\":[{\"key\":\"k\",\"value\":\"from-localstack\"}]}").statusCode()).isEqualTo(200);
                HttpResponse<String> fetched = send(http, base, "GET", "/v1/topics/" + topic + "/partitions/0/records?offset=0", null);
                assertThat(fetched.statusCode()).isEqualTo(200);
                assertThat(fetched.body()).contains("from-localstack");
            }
        }
    }

    private static String output(String describeStacks, String key) {
        return describeStacks.lines().map(l -> l.split("\\s+")).filter(p -> p.length == 2 && p[0].equals(key))
                .map(p -> p[1]).findFirst().orElseThrow(() -> new AssertionError(key + " not in outputs:\n" + describeStacks));
    }

    private static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
