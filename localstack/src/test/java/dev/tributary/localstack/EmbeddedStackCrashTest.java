package dev.tributary.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledged {@code TransactWriteItems} survives {@code kill -9} of the process that
 * runs the embedded stack. The stack runs in a child JVM ({@link EmbeddedStackMain}) on a
 * data directory; writers commit small transactions until the child is killed without
 * warning; a new child on the same directory must hold every acknowledged transaction.
 *
 * <p>DynamoDB Local acknowledges a transaction before its SQLite {@code COMMIT} has run
 * (the commit is queued, not awaited), so without {@link EmbeddedStack}'s durable commit
 * queue a kill in that window rolls the acknowledged transaction back on the next start.
 */
class EmbeddedStackCrashTest {
    private static final int ROUNDS = 2;
    private static final int WRITERS = 8;

    @TempDir
    Path dataDir;

    @Test
    void killDashNine_underTransactionLoad_keepsEveryAcknowledgedTransaction() throws Exception {
        int dynamoDbPort = freePort();
        int s3Port = freePort();
        List<String> acknowledged = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Process child = startChild(dynamoDbPort, s3Port);
            try (DynamoDbClient dynamoDb = client(dynamoDbPort)) {
                awaitReady(dynamoDb, round + 1);
                if (round == 0) {
                    dynamoDb.createTable(r -> r.tableName("crash")
                            .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                            .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                            .billingMode("PAY_PER_REQUEST"));
                }
                assertThat(missing(dynamoDb, acknowledged)).as("acknowledged before the kill, gone after it").isEmpty();
                acknowledged.addAll(writeUntilKilled(dynamoDb, child, round));
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
        Process last = startChild(dynamoDbPort, s3Port);
        try (DynamoDbClient dynamoDb = client(dynamoDbPort)) {
            awaitReady(dynamoDb, ROUNDS + 1);
            assertThat(acknowledged).hasSizeGreaterThan(ROUNDS * WRITERS);
            assertThat(missing(dynamoDb, acknowledged)).as("acknowledged before the kill, gone after it").isEmpty();
        } finally {
            last.destroyForcibly().waitFor();
        }
    }

    /** Commits two-item transactions from several threads, kills the child mid-stream, returns the acknowledged ids. */
    private static List<String> writeUntilKilled(DynamoDbClient dynamoDb, Process child, int round) throws InterruptedException {
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.execute(() -> {
                while (!killed.get()) {
                    String id = "r" + round + "-w" + writer + "-" + sequence.incrementAndGet();
                    try {
                        dynamoDb.transactWriteItems(t -> t.transactItems(
                                TransactWriteItem.builder().put(p -> p.tableName("crash")
                                        .item(Map.of("id", AttributeValue.fromS(id)))
                                        .conditionExpression("attribute_not_exists(id)")).build(),
                                TransactWriteItem.builder().update(u -> u.tableName("crash")
                                        .key(Map.of("id", AttributeValue.fromS("head-" + writer)))
                                        .updateExpression("ADD n :one")
                                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build()));
                        if (!killed.get()) {
                            acked.add(id);
                        }
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            });
        }
        // Kill once a steady stream of commits is flowing, at a point that varies per round.
        while (acked.size() < 100 + round * 37) {
            Thread.onSpinWait();
        }
        killed.set(true);
        child.destroyForcibly();
        child.waitFor();
        writers.shutdown();
        writers.awaitTermination(30, TimeUnit.SECONDS);
        return new ArrayList<>(acked);
    }

    private static List<String> missing(DynamoDbClient dynamoDb, List<String> ids) {
        Set<String> stored = new HashSet<>();
        dynamoDb.scanPaginator(r -> r.tableName("crash").consistentRead(true))
                .items().forEach(item -> stored.add(item.get("id").s()));
        return ids.stream().filter(id -> !stored.contains(id)).toList();
    }

    private Process startChild(int dynamoDbPort, int s3Port) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path")));
        String nativeLibs = System.getProperty("sqlite4java.library.path");
        if (nativeLibs != null) {
            command.add("-Dsqlite4java.library.path=" + nativeLibs);
        }
        command.addAll(List.of(EmbeddedStackMain.class.getName(), dataDir.toString(),
                Integer.toString(dynamoDbPort), Integer.toString(s3Port)));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dataDir.toFile(), "child.log")))
                .start();
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(EmbeddedStack.builder().build().credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5)).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * Waits until the child has finished starting for the {@code starts}-th time: its banner is
     * printed once {@code EmbeddedStack.start()} returns, after the durable commit queue is in
     * place. (DynamoDB Local already answers on its port a little before that; writes in that
     * window are not what the stack promises to keep.)
     */
    private void awaitReady(DynamoDbClient dynamoDb, int starts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (banners() < starts) {
                    throw new IllegalStateException("the child has not finished starting");
                }
                dynamoDb.listTables();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private int banners() {
        try {
            String log = java.nio.file.Files.readString(dataDir.resolve("child.log"));
            return log.split("Tributary embedded stack \\(Ctrl-C to stop\\)", -1).length - 1;
        } catch (IOException missing) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
