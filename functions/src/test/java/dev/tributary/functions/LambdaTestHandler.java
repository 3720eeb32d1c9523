package dev.tributary.functions;

import dev.tributary.functions.local.EmbeddedStorage;
import dev.tributary.localstack.EmbeddedStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP API's Lambda handler (the one {@code infra/template.yaml} names) over the shared
 * embedded stack, built once per test JVM. Configured as on AWS: the {@code lambda}
 * environment with the template's {@code TRIBUTARY_*} variables, plus endpoint overrides
 * that point the storage layer at the embedded stack instead of AWS.
 */
public final class LambdaTestHandler {
    private static APIGatewayV2HTTPEventFunction shared;

    private LambdaTestHandler() {
    }

    public static synchronized APIGatewayV2HTTPEventFunction shared() {
        if (shared == null) {
            ApplicationContext context = lambdaContext(EmbeddedStack.shared(), Map.of()).start();
            shared = new APIGatewayV2HTTPEventFunction(context);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A context configured as the template configures the functions, over a running stack. */
    public static ApplicationContextBuilder lambdaContext(EmbeddedStack stack, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(templateVariables(stack));
        props.putAll(endpointOverrides(stack));
        // IAM authorization is on (the lambda environment's default); the contract suite's caller is a super user.
        props.put("tributary.security.super-users", "User:" + dev.tributary.functions.contract.LambdaTransport.CALLER_ARN);
        props.putAll(extra);
        ApplicationContextBuilder builder = ApplicationContext.builder().environments("lambda").properties(props);
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        return builder;
    }

    /** What the template's {@code Environment.Variables} would hold for this stack. */
    public static Map<String, Object> templateVariables(EmbeddedStack stack) {
        return Map.of("TRIBUTARY_NAME_PREFIX", stack.namePrefix(), "TRIBUTARY_BUCKET", stack.bucket(),
                "TRIBUTARY_REGION", stack.region());
    }

    private static Map<String, Object> endpointOverrides(EmbeddedStack stack) {
        return EmbeddedStorage.endpointProperties(stack);
    }
}
