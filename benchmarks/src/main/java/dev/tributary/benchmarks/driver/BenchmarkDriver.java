package dev.tributary.benchmarks.driver;

import dev.tributary.storage.Storage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Restarts the system's server with these settings on top of its defaults (an empty map
     * restores the defaults), keeping the data. Producers and consumers handed out before
     * must be closed first.
     *
     * @return false if the system has none of these settings (it is left as it was)
     */
    default boolean restartWith(Map<String, String> serverProperties) {
        return serverProperties.isEmpty();
    }

    /** The storage layer under the system and how the server drives it, for floor measurements; empty if none. */
    default Optional<StorageUnderTest> storage() {
        return Optional.empty();
    }

    /**
     * Counters of the server's produce path so far (e.g. {@code segmentPuts}, {@code segmentBytes});
     * empty for systems that expose none.
     */
    default Map<String, Long> serverCounters() {
        return Map.of();
    }

    @Override
    void close();

    /**
     * The storage the server writes to, reached through the server's own storage-layer
     * objects and AWS clients, and the number of segment uploads the server keeps in flight.
     */
    record StorageUnderTest(Storage storage, int uploadConcurrency) {
    }

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
