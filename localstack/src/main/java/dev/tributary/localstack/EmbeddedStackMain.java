package dev.tributary.localstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a persistent embedded stack until interrupted and prints how to reach it, for
 * poking at local data with the AWS CLI or a debugger.
 *
 * <p>Usage: {@code EmbeddedStackMain [dataDir] [dynamoDbPort] [s3Port]}; defaults
 * {@code ./tributary-data}, 8000 and 9000.
 */
public final class EmbeddedStackMain {

    private EmbeddedStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "tributary-data").toAbsolutePath();
        int dynamoDbPort = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int s3Port = args.length > 2 ? Integer.parseInt(args[2]) : 9000;

        EmbeddedStack stack = EmbeddedStack.builder()
                .dataDir(dataDir)
                .dynamoDbPort(dynamoDbPort)
                .s3Port(s3Port)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "tributary-embedded-stack-shutdown"));

        System.out.printf("""
                Tributary embedded stack (Ctrl-C to stop)
                  data directory : %s
                  DynamoDB       : %s
                  S3             : %s (path-style)
                  bucket         : %s
                  tables         : %s
                  region         : %s
                  credentials    : AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s
                  e.g. aws --endpoint-url %s dynamodb list-tables
                """, dataDir, stack.dynamoDbEndpoint(), stack.s3Endpoint(), stack.bucket(),
                stack.tableNames().values(), stack.region(), stack.accessKeyId(), stack.secretAccessKey(),
                stack.dynamoDbEndpoint());
        stopped.await();
    }
}
