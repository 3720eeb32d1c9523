package dev.tributary.reliability.workload;

import dev.tributary.client.RetriableException;
import dev.tributary.client.Serializers;
import dev.tributary.client.producer.Producer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.TributaryProducer;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An idempotent SDK producer sending unique values under a few keys (so every partition gets
 * records from every producer), asynchronously with many sends in flight. Every failure the SDK
 * reports is recorded as ambiguous: it retried internally, and an earlier attempt may have
 * been stored. A producer that stops (it gave up on a batch it had sent) is replaced by a new one.
 */
public final class SdkProducerWorker extends Worker {
    private static final int KEYS = 16;
    private final URI endpoint;
    private final String topic;
    private final long pauseMs;

    public SdkProducerWorker(String name, History history, URI endpoint, String topic, long pauseMs) {
        super(name, history);
        this.endpoint = endpoint;
        this.topic = topic;
        this.pauseMs = pauseMs;
    }

    @Override
    protected void work() {
        long n = 0;
        for (int session = 0; running(); session++) {
            // A producer that gave up on a batch it had sent stops for good (its sequence numbers
            // cannot be reused); like an application, the worker then starts a new one.
            String process = name + "#" + session;
            AtomicBoolean stopped = new AtomicBoolean();
            Semaphore inFlight = new Semaphore(256);
            try (Producer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                    .keySerializer(Serializers.string()).valueSerializer(Serializers.string())
                    .idempotence(true).linger(Duration.ofMillis(5))
                    .deliveryTimeout(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(15)).build()) {
                for (; running() && !stopped.get(); n++) {
                    String value = name + "-" + n;
                    String key = "k" + (n % KEYS);
                    inFlight.acquireUninterruptibly();
                    history.record(s -> new Event.SendInvoked(s, process, topic, null, value));
                    try {
                        producer.send(new ProducerRecord<>(topic, key, value)).whenComplete((meta, error) -> {
                            inFlight.release();
                            if (error == null) {
                                history.record(s -> new Event.SendAcked(s, process, topic, meta.partition(), meta.offset(), value));
                            } else {
                                history.record(s -> new Event.SendAmbiguous(s, process, topic, value, error.toString()));
                                if (!(error instanceof RetriableException)) {
                                    stopped.set(true);
                                }
                            }
                        });
                    } catch (RuntimeException e) {
                        inFlight.release();
                        history.record(s -> new Event.SendAmbiguous(s, process, topic, value, e.toString()));
                        stopped.set(true);
                    }
                    pause(pauseMs);
                }
                if (!stopped.get()) {
                    producer.flush();
                }
            }
        }
    }
}
