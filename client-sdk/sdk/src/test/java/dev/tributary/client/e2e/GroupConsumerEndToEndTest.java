package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.Deserializers;
import dev.tributary.client.Serializers;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRebalanceListener;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.ConsumerRecords;
import dev.tributary.client.consumer.TributaryConsumer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.TributaryProducer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups against the real service: members share a topic's partitions, a member
 * that stops heartbeating loses its partitions after the session timeout, a new member
 * gets its share, and commits make every hand-over lose and repeat nothing.
 */
class GroupConsumerEndToEndTest {
    private static final int PARTITIONS = 12;
    private static URI endpoint;

    @BeforeAll
    static void endpoint() {
        endpoint = LiveService.endpoint();
    }

    /** One consumer polling in its own thread, committing after every poll. */
    private final class Member implements AutoCloseable {
        final String name;
        final TributaryConsumer<String, String> consumer;
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;

        Member(String name, URI via, String group, String topic) {
            this.name = name;
            this.consumer = TributaryConsumer.builder().endpoint(via)
                    .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                    .groupId(group).autoOffsetReset(AutoOffsetReset.EARLIEST)
                    .sessionTimeout(Duration.ofSeconds(6)).fetchIdleBackoff(Duration.ofMillis(20)).build();
            this.thread = new Thread(() -> {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        partitions.forEach(tp -> owners.remove(tp, Member.this.name));
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        for (TopicPartition tp : partitions) {
                            String previous = owners.putIfAbsent(tp, Member.this.name);
                            if (previous != null) {
                                violations.add(tp + " given to " + Member.this.name + " while " + previous + " owns it");
                            }
                        }
                    }
                });
                try {
                    while (!stop.get()) {
                        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                        for (ConsumerRecord<String, String> r : records) {
                            String before = seen.putIfAbsent(r.partition() + "@" + r.offset(), Member.this.name);
                            if (before != null) {
                                violations.add("record " + r.partition() + "@" + r.offset() + " read by " + before
                                        + " and " + Member.this.name);
                            }
                        }
                        if (!records.isEmpty()) {
                            consumer.commitSync();
                        }
                    }
                } catch (RuntimeException e) {
                    violations.add(Member.this.name + " failed: " + e);
                }
            }, "member-" + name);
            thread.start();
        }

        /** Stops polling, as a crashed process would; heartbeats are cut off separately. */
        void stopPolling() throws InterruptedException {
            stop.set(true);
            thread.join();
        }

        @Override
        public void close() throws InterruptedException {
            stopPolling();
            consumer.close();
        }
    }

    private final Map<TopicPartition, String> owners = new ConcurrentHashMap<>();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @Test
    void membersShareTheTopic_survivingACrashAndAJoin_withEveryRecordReadOnce() throws Exception {
        String topic = "groups-" + System.nanoTime();
        String group = "g-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(endpoint).build();
             FaultyProxy proxy = new FaultyProxy(endpoint, Integer.MAX_VALUE);
             TributaryProducer<String, String> producer = TributaryProducer.builder().endpoint(endpoint)
                     .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            admin.createTopic(topic, PARTITIONS);
            int produced = produce(producer, topic, 0, 600);
            Member a = new Member("a", endpoint, group, topic);
            Member b = new Member("b", endpoint, group, topic);
            Member c = new Member("c", proxy.uri(), group, topic);
            List<Member> live = new ArrayList<>(List.of(a, b, c));
            try {
                awaitBalanced(List.of("a", "b", "c"));
                produced = produce(producer, topic, produced, 600);
                awaitConsumed(produced);

                // c crashes: it stops polling and can no longer reach the service, so it never leaves.
                c.stopPolling();
                proxy.down = true;
                owners.values().removeIf("c"::equals);
                live.remove(c);
                produced = produce(producer, topic, produced, 600);
                awaitBalanced(List.of("a", "b"));
                awaitConsumed(produced);

                Member d = new Member("d", endpoint, group, topic);
                live.add(d);
                awaitBalanced(List.of("a", "b", "d"));
                produced = produce(producer, topic, produced, 600);
                awaitConsumed(produced);
            } finally {
                for (Member m : live) {
                    m.close();
                }
                c.consumer.close();
            }
            assertThat(violations).isEmpty();
            assertThat(seen).hasSize(produced);
            List<GroupOffset> offsets = admin.describeGroup(group).offsets();
            assertThat(offsets).hasSize(PARTITIONS);
            assertThat(offsets).allSatisfy(o -> assertThat(o.lag()).isZero());
            assertThat(offsets.stream().mapToLong(GroupOffset::offset).sum()).isEqualTo(produced);
        }
    }

    private static int produce(TributaryProducer<String, String> producer, String topic, int from, int count) {
        for (int i = from; i < from + count; i++) {
            producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        producer.flush();
        return from + count;
    }

    private void awaitBalanced(List<String> members) throws InterruptedException {
        int share = PARTITIONS / members.size();
        await(() -> {
            Map<String, Long> counts = owners.values().stream()
                    .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
            return owners.size() == PARTITIONS && counts.keySet().equals(Set.copyOf(members))
                    && counts.values().stream().allMatch(n -> n == share);
        }, "balanced over " + members + ", owners " + owners);
    }

    private void awaitConsumed(int produced) throws InterruptedException {
        await(() -> seen.size() >= produced, produced + " records consumed");
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(violations).isEmpty();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what + "; consumed " + seen.size());
            }
            Thread.sleep(50);
        }
    }
}
