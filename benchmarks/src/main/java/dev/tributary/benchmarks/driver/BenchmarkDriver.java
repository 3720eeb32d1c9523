package dev.tributary.benchmarks.driver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One system under test, as the workload runner sees it (the OpenMessaging Benchmark's
 * driver idea): topics, producers and consumers over opaque byte records. Implementations
 * start and stop whatever the system needs. Not required to be thread-safe; the producers
 * and consumers it hands out are used by one thread each, except that producer callbacks
 * may run on client threads.
 */
public interface BenchmarkDriver extends AutoCloseable {

    /** Short name used in reports ({@code tributary}, {@code kafka}). */
    String name();

    void createTopic(String topic, int partitions);

    /** Deletes a topic once its workload is measured, so a long run does not fill the disk. */
    void deleteTopic(String topic);

    Producer createProducer();

    /** A consumer assigned {@code partitions} of {@code topic}, positioned at the beginning or the end. */
    Consumer createConsumer(String topic, List<Integer> partitions, boolean fromBeginning);

    @Override
    void close();

    /** Sends records; {@link #send} completes when the record is acknowledged. */
    interface Producer extends AutoCloseable {
        CompletableFuture<?> send(String topic, int partition, byte[] value);

        void flush();

        @Override
        void close();
    }

    /** Reads records of the partitions it was assigned. */
    interface Consumer extends AutoCloseable {
        /** Polls once; calls {@code handler} per record; returns the number of records. */
        int poll(Duration timeout, RecordHandler handler);

        void seek(int partition, long offset);

        @Override
        void close();
    }

    /** Receives one consumed record. */
    @FunctionalInterface
    interface RecordHandler {
        void accept(int partition, long offset, byte[] value);
    }
}
