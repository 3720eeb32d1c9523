package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.EmbeddedStack;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The transaction reaches DynamoDB and is applied, but its response is lost (a timeout or
 * a broken connection). The committer must not apply it a second time on retry: offsets
 * are handed out once and the head moves once.
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
        DynamoDbTables tables = StorageTestSupport.storage().settings().tables();
        UUID topic = UUID.randomUUID();
        DynamoDbLogCommitter committer = new DynamoDbLogCommitter(flaky, tables, Clock.systemUTC());

        List<Long> bases = committer.commit("segments/lost/1.seg", 10, List.of(DynamoDbLogCommitterTest.chunk(topic, 0, 0, 10, 4)));

        assertThat(lose.get()).as("the response was lost once").isZero();
        assertThat(bases).containsExactly(0L);
        PartitionHead head = StorageTestSupport.storage().partitions().head(topic, 0);
        assertThat(head.nextOffset()).as("applied once").isEqualTo(4);
        assertThat(head.version()).isEqualTo(1);
        assertThat(committer.commit("segments/lost/2.seg", 10, List.of(DynamoDbLogCommitterTest.chunk(topic, 0, 0, 10, 1))))
                .containsExactly(4L);
    }
}
