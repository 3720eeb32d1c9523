package dev.tributary.client.producer.internals;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.TopicInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.ServiceClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Partition counts of the topics a producer writes to, fetched from
 * {@code GET /v1/topics/{topic}} on first use and refreshed after {@code maxAgeNanos}
 * or when the service reports an unknown partition. Thread-safe.
 */
public final class ProducerMetadata {
    private final ServiceClient service;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Entry> topics = new ConcurrentHashMap<>();

    private record Entry(int partitions, long fetchedNanos) {
    }

    public ProducerMetadata(ServiceClient service, long maxAgeNanos, LongSupplier nanoClock) {
        this.service = service;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * The topic's partition count, waiting at most {@code maxWaitNanos} for the service.
     *
     * @throws dev.tributary.client.TopicNotFoundException when the topic does not exist
     * @throws TributaryTimeoutException                   when the service did not answer in time
     */
    public int partitionCount(String topic, long maxWaitNanos) {
        long now = nanoClock.getAsLong();
        Entry e = topics.get(topic);
        if (e != null && now - e.fetchedNanos < maxAgeNanos) {
            return e.partitions;
        }
        CompletableFuture<TopicInfo> f = service.sendAsync("GET", ApiPaths.topic(topic), null, TopicInfo.class);
        TopicInfo body;
        try {
            body = f.get(Math.max(1, maxWaitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException ex) {
            f.cancel(true);
            if (e != null) {
                return e.partitions;
            }
            throw new TributaryTimeoutException("Topic metadata for '" + topic + "' not available within maxBlock");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new dev.tributary.client.TributaryException("Interrupted while fetching topic metadata", ex);
        } catch (ExecutionException ex) {
            throw Errors.wrap(ex);
        }
        int count = body == null || body.partitions() == null ? 0 : body.partitions().size();
        if (count <= 0) {
            throw new dev.tributary.client.TributaryException("The service described topic '" + topic
                    + "' without partitions");
        }
        topics.put(topic, new Entry(count, now));
        return count;
    }

    /** Forgets a topic so the next lookup asks the service again. */
    public void invalidate(String topic) {
        topics.remove(topic);
    }
}
