package dev.tributary.reliability.workload;

import dev.tributary.client.Deserializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRebalanceListener;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.ConsumerRecords;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A member of a consumer group through the SDK: subscribes, records what it is given and what it
 * gives up, reads, and commits synchronously after every poll that returned records. Its reads
 * of one partition form a reader session per assignment, starting at the committed offset.
 * Leaves the group when stopped (the harness starts replacements, so partitions keep moving).
 */
public final class GroupMemberWorker extends Worker {
    private final URI endpoint;
    private final String topic;
    private final String group;

    public GroupMemberWorker(String name, History history, URI endpoint, String topic, String group) {
        super(name, history);
        this.endpoint = endpoint;
        this.topic = topic;
        this.group = group;
    }

    @Override
    protected void work() {
        Set<TopicPartition> owned = new HashSet<>();
        Map<TopicPartition, Integer> sessions = new HashMap<>();
        ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                release(partitions, "revoked");
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {
                    owned.add(tp);
                    int session = sessions.merge(tp, 1, Integer::sum);
                    history.record(s -> new Event.Assigned(s, name, group, tp.topic(), tp.partition()));
                    history.record(s -> new Event.ReadStarted(s, reader(tp, session), tp.topic(), tp.partition(), -1));
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                release(partitions, "lost");
            }

            private void release(Collection<TopicPartition> partitions, String why) {
                for (TopicPartition tp : partitions) {
                    if (owned.remove(tp)) {
                        history.record(s -> new Event.Released(s, name, group, tp.topic(), tp.partition(), why));
                    }
                }
            }
        };
        try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(endpoint)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .groupId(group).autoOffsetReset(AutoOffsetReset.EARLIEST).enableAutoCommit(false)
                .sessionTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(15)).build()) {
            consumer.subscribe(java.util.List.of(topic), listener);
            while (running()) {
                ConsumerRecords<String, String> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (RuntimeException e) {
                    pause(100);
                    continue;
                }
                Map<TopicPartition, Long> next = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    TopicPartition tp = r.topicPartition();
                    history.record(s -> new Event.Read(s, reader(tp, sessions.getOrDefault(tp, 0)), r.topic(), r.partition(),
                            r.offset(), r.value()));
                    next.put(tp, r.offset() + 1);
                }
                if (!next.isEmpty()) {
                    commit(consumer, next);
                }
            }
            Set<TopicPartition> leaving = new HashSet<>(owned);
            for (TopicPartition tp : leaving) {
                history.record(s -> new Event.Released(s, name, group, tp.topic(), tp.partition(), "left"));
            }
            owned.clear();
        }
    }

    private void commit(TributaryConsumer<String, String> consumer, Map<TopicPartition, Long> next) {
        long invoked = history.tick();
        try {
            consumer.commitSync();
            next.forEach((tp, offset) -> history.record(s -> new Event.CommitAccepted(s, name, group, tp.topic(),
                    tp.partition(), offset, invoked)));
        } catch (RuntimeException e) {
            next.forEach((tp, offset) -> history.record(s -> new Event.CommitRejected(s, name, group, tp.topic(),
                    tp.partition(), offset, e.getClass().getSimpleName())));
        }
    }

    private String reader(TopicPartition tp, int session) {
        return name + "/" + tp.partition() + "#" + session;
    }
}
