package dev.tributary.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start, stop and restart of stacks of their own (not the shared one). */
class EmbeddedStackLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void restartOnSameDataDir_keepsTablesItemsAndObjects() {
        try (EmbeddedStack first = EmbeddedStack.builder().dataDir(dataDir).namePrefix("persist").start();
             DynamoDbClient dynamoDb = first.dynamoDbClient();
             S3Client s3 = first.s3Client()) {
            dynamoDb.putItem(r -> r.tableName("persist-topics")
                    .item(Map.of("name", AttributeValue.fromS("orders"), "partitions", AttributeValue.fromN("3"))));
            s3.putObject(r -> r.bucket(first.bucket()).key("segments/0001"), RequestBody.fromString("segment bytes"));
        }

        try (EmbeddedStack second = EmbeddedStack.builder().dataDir(dataDir).namePrefix("persist").start();
             DynamoDbClient dynamoDb = second.dynamoDbClient();
             S3Client s3 = second.s3Client()) {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName("persist-topics")
                    .key(Map.of("name", AttributeValue.fromS("orders")))).item();

            assertThat(item).containsEntry("partitions", AttributeValue.fromN("3"));
            assertThat(s3.getObjectAsBytes(r -> r.bucket(second.bucket()).key("segments/0001")).asUtf8String())
                    .isEqualTo("segment bytes");
            assertThat(dynamoDb.listTables().tableNames()).hasSize(9);
        }
    }

    @Test
    void persistentStack_acknowledgesTransactionsOnlyOnceCommittedToDisk() {
        try (EmbeddedStack stack = EmbeddedStack.builder().dataDir(dataDir).namePrefix("durable").start()) {
            assertThat(stack.transactionsDurable()).isTrue();
        }
    }

    @Test
    void close_releasesBothPorts_andIsIdempotent() throws IOException {
        EmbeddedStack stack = EmbeddedStack.builder().start();
        int dynamoDbPort = stack.dynamoDbEndpoint().getPort();
        int s3Port = stack.s3Endpoint().getPort();

        stack.close();
        stack.close();

        assertThat(canBind(dynamoDbPort)).as("DynamoDB port %d free", dynamoDbPort).isTrue();
        assertThat(canBind(s3Port)).as("S3 port %d free", s3Port).isTrue();
        assertThatThrownBy(stack::s3Endpoint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fixedPorts_areUsed() throws IOException {
        int dynamoDbPort = freePort();
        int s3Port = freePort();
        try (EmbeddedStack stack = EmbeddedStack.builder().dynamoDbPort(dynamoDbPort).s3Port(s3Port).start()) {
            assertThat(stack.dynamoDbEndpoint().getPort()).isEqualTo(dynamoDbPort);
            assertThat(stack.s3Endpoint().getPort()).isEqualTo(s3Port);
        }
    }

    /**
     * Other test JVMs on the machine create and delete their own {@code tributary-s3-*}
     * directories meanwhile, so this stack's directory is found by its unique bucket rather
     * than by counting.
     */
    @Test
    void ephemeralStack_leavesNoDataBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String bucket = "lifecycle-" + UUID.randomUUID();
        try (EmbeddedStack stack = EmbeddedStack.builder().bucket(bucket).start(); S3Client s3 = stack.s3Client()) {
            s3.putObject(r -> r.bucket(stack.bucket()).key("k"), RequestBody.fromString("v"));
            assertThat(s3DirectoriesHolding(tmp, bucket)).as("while the stack runs").hasSize(1);
        }
        assertThat(s3DirectoriesHolding(tmp, bucket)).as("after close").isEmpty();
    }

    private static List<Path> s3DirectoriesHolding(Path tmp, String bucket) throws IOException {
        try (var listing = Files.list(tmp)) {
            return listing.filter(p -> p.getFileName().toString().startsWith("tributary-s3-"))
                    .filter(p -> Files.isDirectory(p.resolve(bucket))).toList();
        }
    }

    @Test
    void builder_rejectsInvalidSettings() {
        assertThatThrownBy(() -> EmbeddedStack.builder().bucket("Not_A_Bucket").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedStack.builder().s3Port(70000).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
