package dev.tributary.client.consumer;

import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.TopicPartition;
import java.util.Map;

/**
 * Told when an asynchronous commit finished, as Kafka's callback of the same name. Runs on
 * the thread that calls {@code poll}, {@code commitSync} or {@code close} of the consumer
 * that started the commit.
 */
@FunctionalInterface
public interface OffsetCommitCallback {

    /**
     * @param offsets   what was to be committed
     * @param exception null on success, else why the commit failed
     */
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception);
}
