package dev.tributary.client.consumer.internals;

import dev.tributary.client.TopicPartition;
import java.util.concurrent.CompletableFuture;

/** Reads records of one partition from an offset, by some transport. Thread-safe. */
public interface PartitionReader {

    /**
     * Reads records starting at {@code offset}.
     *
     * @param waitForData when true the reader may wait a little for new records
     * @return a future with the records (empty at the end of the log); it fails with a
     *         {@link dev.tributary.client.TributaryException}: retriable for transient
     *         transport or storage problems, typed otherwise
     *         ({@code OffsetOutOfRangeException}, {@code TopicNotFoundException},
     *         {@code CorruptSegmentException})
     */
    CompletableFuture<FetchResult> read(TopicPartition partition, long offset, boolean waitForData);
}
