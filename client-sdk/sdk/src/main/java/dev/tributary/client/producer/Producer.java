package dev.tributary.client.producer;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to topics, as Kafka's {@code Producer}. Implementations are
 * thread-safe: share one producer between all threads that write.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Producer<K, V> extends Closeable {

    /**
     * Queues a record for sending and returns at once, unless buffer memory is full, in
     * which case it blocks up to the producer's {@code maxBlock}.
     *
     * <p>The future completes with the record's offset once the service has stored it.
     * Futures of records for one partition complete in the order they were sent. It fails
     * with a {@link dev.tributary.client.TributaryException}: a
     * {@link dev.tributary.client.BufferExhaustedException} when no memory could be
     * reserved within {@code maxBlock}, a
     * {@link dev.tributary.client.TributaryTimeoutException} when the record could not be
     * delivered within {@code deliveryTimeout} (its cause is the last error), or the typed
     * exception of a non-retriable error ({@code TopicNotFoundException},
     * {@code RecordTooLargeException}, {@code FencedException}, ...). Callbacks attached to
     * the future run on the producer's I/O thread, so they must be quick.
     *
     * @throws NullPointerException for a null record
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /**
     * Appends {@code records} to one partition only if its log ends at {@code expectedOffset}
     * (conditional append): all of them, at offsets {@code expectedOffset, expectedOffset + 1, ...},
     * or none. It bypasses batching and is sent at once, as one request. Use it to let exactly
     * one of several writers extend a log, or to make a retry safe without producer ids.
     *
     * <p>The future fails with an {@link dev.tributary.client.OffsetMismatchException} (which
     * says where the log really ends) when another append came first; then nothing was stored.
     * Other failures are as for {@link #send}; a retriable failure (timeout, unavailable) may
     * have stored the records: check the log end before trying again.
     *
     * @param records at least one record; their topic must be {@code topic} and their partition
     *                null or {@code partition}
     * @throws IllegalArgumentException for an empty list, a negative offset or a record of another partition
     */
    default CompletableFuture<java.util.List<RecordMetadata>> append(String topic, int partition, long expectedOffset,
                                                                    java.util.List<ProducerRecord<K, V>> records) {
        throw new UnsupportedOperationException("This producer does not support conditional appends");
    }

    /**
     * Sends every buffered record now (ignoring linger) and blocks until all records sent
     * before this call have completed, successfully or not.
     */
    void flush();

    /** The number of partitions of a topic, from the producer's metadata. */
    int partitionCount(String topic);

    /** Sends what is buffered, waits for it, and releases resources. */
    @Override
    void close();

    /**
     * Like {@link #close()} but waits at most {@code timeout}; records still unsent then
     * have their futures failed with a {@link dev.tributary.client.TributaryException}.
     */
    void close(Duration timeout);
}
