package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.InfraTemplate;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The container path ({@code infra/kafka-gateway.yaml}, ECS Fargate behind an NLB) probes the
 * service's health endpoints: the container health check asks {@code /health/liveness}, the
 * target group {@code /health/readiness}. The container check's command is run as written
 * (with the test server's port) against a live server, a closed port and a path that fails.
 */
class ContainerTemplateTest {
    private static final InfraTemplate GATEWAY = InfraTemplate.load(Path.of("..", "infra", "kafka-gateway.yaml"));
    private static final String HEALTH_PORT = "8080";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(String logicalId) {
        return (Map<String, Object>) GATEWAY.resource(logicalId).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container() {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) props("TaskDefinition").get("ContainerDefinitions");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> healthCheckCommand() {
        Map<String, Object> check = (Map<String, Object>) container().get("HealthCheck");
        assertThat(check).as("the container's HealthCheck").isNotNull();
        assertThat(check).containsKeys("Interval", "Timeout", "Retries", "StartPeriod");
        return (List<String>) check.get("Command");
    }

    @Test
    void targetGroup_checksReadiness_overHttp_onAPortTheContainerMaps() {
        Map<String, Object> group = props("TargetGroup");

        assertThat(group).containsEntry("HealthCheckProtocol", "HTTP")
                .containsEntry("HealthCheckPath", "/health/readiness")
                .containsEntry("HealthCheckPort", HEALTH_PORT)
                .containsEntry("Matcher", Map.of("HttpCode", "200"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ports = (List<Map<String, Object>>) container().get("PortMappings");
        assertThat(ports).extracting(p -> String.valueOf(p.get("ContainerPort"))).contains(HEALTH_PORT);
        assertThat(props("Service")).containsKey("HealthCheckGracePeriodSeconds");
    }

    @Test
    void containerHealthCheck_probesLiveness_notStorage() {
        List<String> command = healthCheckCommand();

        assertThat(command.get(0)).isEqualTo("CMD");
        assertThat(String.join(" ", command)).contains("127.0.0.1/" + HEALTH_PORT).contains("/health/liveness")
                .doesNotContain("readiness");
    }

    @Test
    void containerHealthCheckCommand_succeedsOnlyWhenTheServiceAnswers200() throws Exception {
        TestServer server = TestServer.shared();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        assertThat(run(healthCheckCommand(), server.uri().getPort(), "/health/liveness")).as("live server").isZero();
        assertThat(run(healthCheckCommand(), closedPort, "/health/liveness")).as("nothing listening").isNotZero();
        assertThat(run(healthCheckCommand(), server.uri().getPort(), "/v1/topics/" + TestServer.uniqueTopic()))
                .as("a path answering 404").isNotZero();
        assertThat(server.get("/health/readiness").status()).isEqualTo(200);
    }

    /** Runs the check as ECS would (CMD: the arguments as given), aimed at {@code port} and {@code path}. */
    private static int run(List<String> command, int port, String path) throws Exception {
        List<String> args = new ArrayList<>();
        for (String arg : command.subList(1, command.size())) {
            args.add(arg.replace("127.0.0.1/" + HEALTH_PORT, "127.0.0.1/" + port).replace("/health/liveness", path));
        }
        Process process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the check finishes").isTrue();
        return process.exitValue();
    }
}
