package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.LogReader;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.ShardCommitter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The commit reaches DynamoDB and is applied, but its response is lost (a timeout or a broken
 * connection). The committer must not apply it a second time on retry: offsets are handed out
 * once and the log holds one record.
 */
class LostResponseCommitTest {

    @Test
    void commit_whenResponseIsLostAfterSuccess_doesNotApplyTwice() {
        DynamoDbClient real = EmbeddedStack.shared().dynamoDbClient();
        AtomicInteger lose = new AtomicInteger(1);
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Object result = method.invoke(real, args);
                if (method.getName().equals("transactWriteItems") && lose.getAndDecrement() > 0) {
                    throw SdkClientException.create("injected: response lost after the transaction was applied");
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        DynamoDbClient flaky = (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
        Storage storage = StorageTestSupport.storage();
        DynamoDbShardLog log = new DynamoDbShardLog(flaky, DynamoDbEnhancedClient.builder().dynamoDbClient(flaky).build(),
                storage.settings().tables(), new Backoff(1, 2));
        ShardCommitter committer = Logs.committer(log, storage.segments(), Clock.systemUTC());
        UUID topic = UUID.randomUUID();

        List<CommitRequest.Outcome> outcomes = committer.commit("segments/lost/1.seg", 10, List.of(Logs.plain(topic, 4, 0)));

        assertThat(lose.get()).as("the response was lost once").isZero();
        assertThat(outcomes.get(0).baseOffsets()).containsExactly(0L);
        LogReader reader = new LogReader(storage.shardLog(), 1 << 20);
        PartitionHead head = reader.head(topic, 0);
        assertThat(head.nextOffset()).as("applied once").isEqualTo(4);
        assertThat(head.version()).as("one record").isEqualTo(1);
        assertThat(committer.commit("segments/lost/2.seg", 10, List.of(Logs.plain(topic, 1, 0))).get(0).baseOffsets())
                .containsExactly(4L);
    }
}
