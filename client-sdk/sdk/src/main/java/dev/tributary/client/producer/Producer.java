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
