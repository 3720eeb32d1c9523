package dev.tributary.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.core.format.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchCollectorTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);

    private final SubscriptionState subscriptions = new SubscriptionState();
    private final FetchBuffer buffer = new FetchBuffer();
    private final FetchCollector collector = new FetchCollector(buffer, subscriptions);

    private static CompletedFetch fetch(long from, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new LogRecord(from + i, 0, null, new byte[1], List.of()));
        }
        return new CompletedFetch(records, 100L * count);
    }

    @Test
    void collect_spreadsRecordsOverPartitions_andAdvancesPositions() {
        subscriptions.assign(List.of(A, B), Map.of(A, 0L, B, 10L));
        buffer.add(A, fetch(0, 5));
        buffer.add(B, fetch(10, 5));
        Map<TopicPartition, List<LogRecord>> first = collector.collect(6);
        Map<TopicPartition, List<LogRecord>> second = collector.collect(6);
        assertThat(first.values().stream().mapToInt(List::size).sum()).isEqualTo(6);
        assertThat(second.values().stream().mapToInt(List::size).sum()).isEqualTo(4);
        assertThat(subscriptions.position(A)).isEqualTo(5);
        assertThat(subscriptions.position(B)).isEqualTo(15);
        assertThat(buffer.bufferedBytes()).isZero();
    }

    @Test
    void collect_skipsPausedPartitions_keepingTheirRecords() {
        subscriptions.assign(List.of(A, B), Map.of(A, 0L, B, 10L));
        buffer.add(A, fetch(0, 3));
        buffer.add(B, fetch(10, 3));
        subscriptions.pause(List.of(A));
        assertThat(collector.collect(100)).containsOnlyKeys(B);
        subscriptions.resume(List.of(A));
        assertThat(collector.collect(100)).containsOnlyKeys(A);
    }

    @Test
    void collect_reportsAnErrorOnlyAfterTheRecordsBeforeIt() {
        subscriptions.assign(List.of(A), Map.of(A, 0L));
        buffer.add(A, fetch(0, 2));
        buffer.setError(A, new TopicNotFoundException("gone"));
        assertThat(collector.collect(100).get(A)).hasSize(2);
        assertThatThrownBy(() -> collector.collect(100)).isInstanceOf(TopicNotFoundException.class);
        assertThatThrownBy(() -> collector.collect(100)).isInstanceOf(TopicNotFoundException.class);
    }

    @Test
    void collect_reportsAStalledPartitionOnce() {
        subscriptions.assign(List.of(A), Map.of(A, 0L));
        buffer.setStalled(A, new TributaryTimeoutException("unreachable"));
        assertThatThrownBy(() -> collector.collect(100)).isInstanceOf(TributaryTimeoutException.class);
        assertThat(collector.collect(100)).isEmpty();
    }
}
