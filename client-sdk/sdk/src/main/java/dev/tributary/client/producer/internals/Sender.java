package dev.tributary.client.producer.internals;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.InitProducerRequest;
import dev.tributary.core.api.InitProducerResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.FencedException;
import dev.tributary.client.TributaryException;
import dev.tributary.client.TributaryTimeoutException;
import dev.tributary.client.internal.Errors;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.core.wire.ProduceRequestCodec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's I/O thread: drains ready batches from the {@link RecordAccumulator},
 * sends each topic's batches as one binary produce request (many partitions per
 * request, up to {@code maxInFlightRequests} requests at once), and completes, retries
 * or fails the batches when the answers arrive.
 *
 * <p>Retries: retriable failures (429 honouring {@code Retry-After}, 503, 5xx, lost
 * connections, timeouts) put the batches back at the head of their partitions with an
 * exponential backoff, until the batch's delivery timeout. A request with several
 * batches that is rejected as a whole for a reason that may concern only one of them
 * (too large, corrupt, unknown partition) is retried one batch per request, so only the
 * offending batch fails.
 *
 * <p>Thread-safety: {@link #run()} runs on one thread; {@link #wakeup()} and
 * {@link #initiateClose()} may be called from any thread. Response callbacks run on the
 * HTTP client's threads and only touch thread-safe state.
 */
public final class Sender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Set<ErrorCode> SPLIT_ON = EnumSet.of(ErrorCode.RECORD_TOO_LARGE,
            ErrorCode.REQUEST_TOO_LARGE, ErrorCode.CORRUPT_BATCH, ErrorCode.PARTITION_NOT_FOUND,
            ErrorCode.INVALID_REQUEST);

    private final RecordAccumulator accumulator;
    private final ServiceClient service;
    private final ProducerMetadata metadata;
    private final SenderSettings settings;
    private final LongSupplier nanoClock;
    private final Object monitor = new Object();
    private final Deque<RecordAccumulator.Drained> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean wakeupPending;
    private volatile boolean running = true;
    private volatile boolean forceClose;
    private volatile boolean producerIdResolved;
    private volatile long producerId = -1;
    private volatile short producerEpoch = -1;
    private volatile TributaryException fatalError;

    public Sender(RecordAccumulator accumulator, ServiceClient service, ProducerMetadata metadata,
                  SenderSettings settings, LongSupplier nanoClock) {
        this.accumulator = accumulator;
        this.service = service;
        this.metadata = metadata;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.producerIdResolved = !settings.idempotence();
    }

    @Override
    public void run() {
        try {
            runUntilClosed();
        } catch (RuntimeException | LinkageError e) {
            // A broken class path (such as a clashing library) must fail the sends, not leave them hanging.
            TributaryException fatal = new TributaryException("The producer's sender thread failed; no more records "
                    + "can be sent: " + e, e);
            fatalError = fatal;
            LOG.error("The producer's sender thread failed", e);
            accumulator.abortAll(fatal);
        }
    }

    private void runUntilClosed() {
        while (running) {
            runOnce();
        }
        accumulator.beginClose();
        while (!forceClose && (accumulator.hasIncomplete() || inFlightCount() > 0)) {
            runOnce();
        }
        if (accumulator.hasIncomplete()) {
            accumulator.abortAll(new TributaryException("The producer was closed before the record was delivered"));
        }
    }

    void runOnce() {
        if (!producerIdResolved) {
            resolveProducerId();
            if (!producerIdResolved) {
                failExpired(nanoClock.getAsLong());
                awaitWork(settings.retryBackoffNanos());
                return;
            }
        }
        long now = nanoClock.getAsLong();
        failExpired(now);
        List<RecordAccumulator.Drained> drained = accumulator.drain(now, settings.maxRequestBytes(),
                producerId >= 0 ? (b, seq) -> b.stamp(producerId, producerEpoch, seq) : null);
        synchronized (monitor) {
            waiting.addAll(drained);
        }
        while (true) {
            RecordAccumulator.Drained next;
            synchronized (monitor) {
                if (inFlight >= settings.maxInFlightRequests() || waiting.isEmpty()) {
                    break;
                }
                next = waiting.pollFirst();
                inFlight++;
            }
            send(next);
        }
        long waitNanos = Math.min(MAX_IDLE_NANOS, accumulator.nanosUntilNextReady(nanoClock.getAsLong()));
        awaitWork(waitNanos);
    }

    private void awaitWork(long nanos) {
        if (nanos <= 0) {
            return;
        }
        synchronized (monitor) {
            if (!wakeupPending) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            wakeupPending = false;
        }
    }

    private void resolveProducerId() {
        try {
            InitProducerResponse answer = service.send("POST", ApiPaths.PRODUCERS, new InitProducerRequest(null),
                    InitProducerResponse.class);
            producerId = answer.producerId();
            producerEpoch = answer.producerEpoch();
            producerIdResolved = true;
        } catch (TributaryException e) {
            if (e.errorCode() == ErrorCode.NOT_FOUND || e.errorCode() == ErrorCode.METHOD_NOT_ALLOWED) {
                LOG.warn("The service at {} does not hand out producer ids yet; producing without idempotence, "
                        + "so a retried request may store its records twice", service.endpoint());
                producerIdResolved = true;
            } else if (!e.retriable()) {
                fatalError = e;
                accumulator.abortAll(e);
                producerIdResolved = true;
            } else {
                LOG.debug("Could not get a producer id, will retry", e);
            }
        } catch (RuntimeException e) {
            LOG.warn("Unexpected answer from POST /v1/producers; producing without idempotence", e);
            producerIdResolved = true;
        }
    }

    private void send(RecordAccumulator.Drained request) {
        List<PartitionBatch> entries = new ArrayList<>(request.batches().size());
        for (ProducerBatch b : request.batches()) {
            b.beginAttempt();
            entries.add(new PartitionBatch(b.topicPartition().partition(), b.bytes()));
        }
        byte[] body = ProduceRequestCodec.encode(entries);
        service.postBytesAsync(ApiPaths.records(request.topic()),
                        ProduceRequestCodec.MEDIA_TYPE, body)
                .whenComplete((json, error) -> {
                    try {
                        if (error == null) {
                            onSuccess(request.batches(), json);
                        } else {
                            onFailure(request.batches(), Errors.wrap(error));
                        }
                    } catch (RuntimeException e) {
                        LOG.error("Failed to handle a produce response", e);
                        accumulator.failed(request.batches());
                        TributaryException te = Errors.wrap(e);
                        request.batches().forEach(b -> b.fail(te));
                    } finally {
                        synchronized (monitor) {
                            inFlight--;
                        }
                        wakeup();
                    }
                });
    }

    private void onSuccess(List<ProducerBatch> batches, JsonNode json) {
        JsonNode results = json == null ? null : json.get("batches");
        if (results == null || !results.isArray() || results.size() != batches.size()) {
            accumulator.failed(batches);
            TributaryException e = new TributaryException("The service acknowledged " + batches.size()
                    + " batches with an unexpected answer: " + json);
            batches.forEach(b -> b.fail(e));
            return;
        }
        accumulator.succeeded(batches);
        for (int i = 0; i < batches.size(); i++) {
            batches.get(i).complete(results.get(i).get("baseOffset").asLong());
        }
    }

    private void onFailure(List<ProducerBatch> batches, TributaryException error) {
        long now = nanoClock.getAsLong();
        if (error.retriable() && !forceClose) {
            List<ProducerBatch> retry = new ArrayList<>();
            List<ProducerBatch> expired = new ArrayList<>();
            for (ProducerBatch b : batches) {
                (now - b.createdNanos() >= settings.deliveryTimeoutNanos() ? expired : retry).add(b);
            }
            if (!expired.isEmpty()) {
                accumulator.failed(expired);
                TributaryTimeoutException timeout = new TributaryTimeoutException("Record not delivered within "
                        + "deliveryTimeout after " + expired.get(0).attempts() + " attempts; last error: "
                        + error.getMessage(), error);
                expired.forEach(b -> b.fail(timeout));
                stopIfOutcomeUnknown(expired);
            }
            if (!retry.isEmpty()) {
                accumulator.reenqueue(retry, now + backoffNanos(retry.get(0).attempts(), error));
            }
            return;
        }
        if (batches.size() > 1 && error.errorCode() != null && SPLIT_ON.contains(error.errorCode())) {
            batches.forEach(b -> b.sendAlone(true));
            accumulator.reenqueue(batches, now);
            return;
        }
        if (error.errorCode() == ErrorCode.PARTITION_NOT_FOUND || error.errorCode() == ErrorCode.TOPIC_NOT_FOUND) {
            metadata.invalidate(batches.get(0).topicPartition().topic());
        }
        accumulator.failed(batches);
        batches.forEach(b -> b.fail(error));
        if (error instanceof FencedException) {
            fatalError = error;
            accumulator.abortAll(error);
        }
    }

    private long backoffNanos(int attempts, TributaryException error) {
        int shift = Math.min(20, Math.max(0, attempts - 1));
        long backoff = Math.min(settings.retryBackoffMaxNanos(), settings.retryBackoffNanos() << shift);
        Duration asked = Errors.retryAfter(error);
        return asked == null ? backoff : Math.max(backoff, asked.toNanos());
    }

    private void failExpired(long now) {
        List<ProducerBatch> expired = accumulator.expire(now, settings.deliveryTimeoutNanos());
        if (!expired.isEmpty()) {
            TributaryTimeoutException e = new TributaryTimeoutException("Record not delivered within deliveryTimeout");
            expired.forEach(b -> b.fail(e));
            stopIfOutcomeUnknown(expired);
        }
    }

    /**
     * An idempotent batch that was sent at least once and then given up on may be stored. Its
     * sequence numbers must not go to the next batch of its partition: the service would take that
     * batch for a retry of the stored one and answer with the stored batch's offsets, dropping the
     * new records. As Kafka's idempotent producer did before it could bump epochs, the producer
     * stops: queued and later sends fail, and the application creates a new producer (a new
     * producer id, fresh sequences). Batches never sent give up nothing and change nothing.
     */
    private void stopIfOutcomeUnknown(List<ProducerBatch> givenUp) {
        if (producerId < 0 || fatalError != null) {
            return;
        }
        ProducerBatch sent = givenUp.stream().filter(b -> b.attempts() > 0).findFirst().orElse(null);
        if (sent == null) {
            return;
        }
        TributaryException stopped = new TributaryException("The producer stopped: a batch for " + sent.topicPartition()
                + " was sent but not acknowledged within deliveryTimeout, so it may be stored, and its sequence numbers "
                + "cannot be reused safely; close this producer and create a new one");
        fatalError = stopped;
        accumulator.abortAll(stopped);
    }

    private int inFlightCount() {
        synchronized (monitor) {
            return inFlight + waiting.size();
        }
    }

    /** Makes the sender look at the accumulator now rather than at its next deadline. */
    public void wakeup() {
        synchronized (monitor) {
            wakeupPending = true;
            monitor.notifyAll();
        }
    }

    /** Stops taking new work once everything buffered is sent. */
    public void initiateClose() {
        running = false;
        accumulator.beginClose();
        wakeup();
    }

    /** Gives up on whatever is still buffered. */
    public void forceClose() {
        forceClose = true;
        initiateClose();
    }

    /** A fatal error (the producer was fenced) that makes further sends pointless, or null. */
    public TributaryException fatalError() {
        return fatalError;
    }

    /** The producer id in use, or -1 when producing without idempotence. */
    public long producerId() {
        return producerId;
    }
}
