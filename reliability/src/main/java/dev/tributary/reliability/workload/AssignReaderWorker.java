package dev.tributary.reliability.workload;

import dev.tributary.client.Deserializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.Consumer;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An SDK consumer that assigns itself every partition and tails them from the beginning (it
 * reads segment bytes straight from S3). A failed poll ends the reader session; the next one
 * starts from the beginning again, as a new session in the history.
 */
public final class AssignReaderWorker extends Worker {
    private final URI endpoint;
    private final String topic;
    private final int partitions;

    public AssignReaderWorker(String name, History history, URI endpoint, String topic, int partitions) {
        super(name, history);
        this.endpoint = endpoint;
        this.topic = topic;
        this.partitions = partitions;
    }

    @Override
    protected void work() {
        for (int session = 0; running(); session++) {
            String process = name + "#" + session;
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            try (Consumer<String, String> consumer = TributaryConsumer.builder().endpoint(endpoint)
                    .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).requestTimeout(Duration.ofSeconds(15)).build()) {
                consumer.assign(all);
                consumer.seekToBeginning(all);
                for (TopicPartition tp : all) {
                    history.record(s -> new Event.ReadStarted(s, process, topic, tp.partition(), 0));
                }
                while (running()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        history.record(s -> new Event.Read(s, process, r.topic(), r.partition(), r.offset(), r.value()));
                    }
                }
            } catch (RuntimeException e) {
                pause(200);
            }
        }
    }
}
