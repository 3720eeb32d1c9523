package dev.tributary.client.consumer.internals;

import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.core.format.LogRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns buffered reads into what one {@code poll} returns, as Kafka's
 * {@code FetchCollector}: up to {@code maxRecords}, spread fairly over the fetchable
 * partitions (the starting partition rotates), advancing each partition's position past
 * the records it hands out. A partition's error is raised only when no records were
 * collected, so records that precede it are never lost. Used by the polling thread only.
 */
final class FetchCollector {
    private final FetchBuffer buffer;
    private final SubscriptionState subscriptions;
    private int rotation;

    FetchCollector(FetchBuffer buffer, SubscriptionState subscriptions) {
        this.buffer = buffer;
        this.subscriptions = subscriptions;
    }

    /** @throws TributaryException a partition's error, when no records were collected */
    Map<TopicPartition, List<LogRecord>> collect(int maxRecords) {
        Map<TopicPartition, List<LogRecord>> out = new LinkedHashMap<>();
        List<TopicPartition> order = subscriptions.assignedPartitions();
        if (order.isEmpty()) {
            return out;
        }
        int start = Math.floorMod(rotation++, order.size());
        int remaining = maxRecords;
        TopicPartition failed = null;
        for (int i = 0; i < order.size() && remaining > 0; i++) {
            TopicPartition tp = order.get((start + i) % order.size());
            if (!subscriptions.isFetchable(tp)) {
                continue;
            }
            if (!buffer.hasRecords(tp)) {
                if (failed == null && buffer.hasErrorToReport(tp)) {
                    failed = tp;
                }
                continue;
            }
            List<LogRecord> taken = buffer.take(tp, remaining);
            remaining -= taken.size();
            subscriptions.position(tp, taken.get(taken.size() - 1).offset() + 1);
            out.put(tp, taken);
        }
        if (out.isEmpty() && failed != null) {
            throw buffer.takeError(failed);
        }
        return out;
    }
}
