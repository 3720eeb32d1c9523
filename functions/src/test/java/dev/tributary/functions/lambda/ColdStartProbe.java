package dev.tributary.functions.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.UUID;

/**
 * Runs in a fresh JVM whose class path is the Lambda artifact plus this one class, and does
 * what a cold Lambda instance does: construct the handler, serve the first requests. Prints
 * one {@code COLD-START} line with the timings. Configuration comes from the environment
 * ({@code TRIBUTARY_*}, {@code MICRONAUT_ENVIRONMENTS=lambda}) and system properties (the
 * endpoint overrides), as {@code LambdaArtifactIT} sets them. Uses no class outside the
 * artifact and no nested classes, so it can be copied on its own.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAtMs = System.currentTimeMillis();
        MockLambdaContext context = new MockLambdaContext();

        long t0 = System.nanoTime();
        APIGatewayV2HTTPEventFunction api = new APIGatewayV2HTTPEventFunction();
        long t1 = System.nanoTime();
        String topic = "coldstart-" + UUID.randomUUID().toString().substring(0, 8);
        APIGatewayV2HTTPResponse created = api.handleRequest(event("POST", "/v1/topics",
                "{\"name\":\"" + topic + "\",\"partitions\":1}"), context);
        long t2 = System.nanoTime();
        APIGatewayV2HTTPResponse produced = api.handleRequest(event("POST", "/v1/topics/" + topic + "/records",
                "{\"records\":[{\"key\":\"k\",\"value\":\"v\"}]}"), context);
        long t3 = System.nanoTime();
        APIGatewayV2HTTPResponse fetched = api.handleRequest(event("GET", "/v1/topics/" + topic + "/partitions/0/records",
                null), context);
        long t4 = System.nanoTime();
        APIGatewayV2HTTPResponse warm = api.handleRequest(event("GET", "/v1/topics/" + topic + "/partitions/0/records",
                null), context);
        long t5 = System.nanoTime();
        int beans = api.getApplicationContext().getAllBeanDefinitions().size();
        int classesAfterApi = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        api.close();

        long m0 = System.nanoTime();
        MaintenanceHandler maintenance = new MaintenanceHandler();
        long m1 = System.nanoTime();
        ScheduledEvent tick = new ScheduledEvent();
        tick.setId(UUID.randomUUID().toString());
        Object report = maintenance.handleRequest(tick, context);
        long m2 = System.nanoTime();
        maintenance.close();

        System.out.println("COLD-START jvmToMainMs=" + (mainAtMs - jvmStartMs)
                + " apiInitMs=" + ms(t1 - t0) + " firstRequestMs=" + ms(t2 - t1) + " produceMs=" + ms(t3 - t2)
                + " fetchMs=" + ms(t4 - t3) + " warmFetchMs=" + ms(t5 - t4)
                + " beanDefinitions=" + beans + " classesLoaded=" + classesAfterApi
                + " maintenanceInitMs=" + ms(m1 - m0) + " maintenanceRunMs=" + ms(m2 - m1)
                + " statuses=" + created.getStatusCode() + "," + produced.getStatusCode() + "," + fetched.getStatusCode()
                + "," + warm.getStatusCode() + " fetchBody=" + fetched.getBody() + " report=" + report);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The IAM caller of the probe's requests; LambdaArtifactIT makes it a super user. */
    static final String CALLER_ARN = "arn:aws:iam::123456789012:role/cold-start-probe";

    private static APIGatewayV2HTTPEvent event(String method, String path, String json) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("$default").withRawPath(path)
                .withRawQueryString("")
                .withHeaders(json == null ? Map.of("accept", "*/*") : Map.of("content-type", "application/json"))
                .withBody(json).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        // API Gateway's IAM authorizer verified the caller (the template turns it on).
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(CALLER_ARN).build())
                                .build())
                        .build())
                .build();
    }
}
