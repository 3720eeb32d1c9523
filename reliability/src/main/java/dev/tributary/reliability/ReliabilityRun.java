package dev.tributary.reliability;

import dev.tributary.reliability.checker.CheckResult;
import dev.tributary.reliability.checker.Checker;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import dev.tributary.reliability.cluster.Cluster;
import dev.tributary.reliability.workload.AssignReaderWorker;
import dev.tributary.reliability.workload.ConditionalAppendWorker;
import dev.tributary.reliability.workload.CommittedObserver;
import dev.tributary.reliability.workload.Endpoints;
import dev.tributary.reliability.workload.FinalDrain;
import dev.tributary.reliability.workload.GroupMemberWorker;
import dev.tributary.reliability.workload.Http;
import dev.tributary.reliability.workload.HttpProducerWorker;
import dev.tributary.reliability.workload.SdkProducerWorker;
import dev.tributary.reliability.workload.Worker;
import dev.tributary.reliability.workload.ZombieMember;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * One run against a {@link Cluster}: creates a topic, runs every workload for the run's duration
 * with storage faults on while a {@link Nemesis} (if any) disturbs the instances, then turns the
 * faults off, lets the clients finish, reads every partition to its end, checks the history and
 * writes the report. Not thread-safe; one run per instance.
 */
public final class ReliabilityRun {
    /** Disturbs the cluster during the workload (kills, pauses); {@link #heal()} undoes what is still undone. */
    public interface Nemesis {
        void start(History history);

        void heal();
    }

    private final RunOptions options;
    /** Writers racing with conditional appends on a topic of their own. */
    private static final int APPEND_WRITERS = 3;
    private final History history = new History();
    private final Http http = new Http(Duration.ofSeconds(15));

    public ReliabilityRun(RunOptions options) {
        this.options = options;
    }

    public History history() {
        return history;
    }

    /** Runs against {@code cluster}; {@code nemesis} may be null. Writes the report to the options' directory. */
    public CheckResult run(Cluster cluster, Nemesis nemesis) {
        List<URI> endpoints = cluster.endpoints();
        Random random = new Random(options.seed());
        String suffix = UUID.nameUUIDFromBytes(Long.toString(options.seed() ^ System.nanoTime()).getBytes()).toString().substring(0, 8);
        String topic = "reliability-" + suffix;
        String group = "members-" + suffix;
        String zombies = "zombies-" + suffix;
        Http.Response created = Endpoints.untilAnswered(endpoints, 60,
                e -> http.post(e, "/v1/topics", Map.of("name", topic, "partitions", options.partitions())));
        if (created.status() != 201) {
            throw new IllegalStateException("cannot create the topic: " + created.describe());
        }
        String appendTopic = topic + "-append";
        Http.Response createdAppend = Endpoints.untilAnswered(endpoints, 60,
                e -> http.post(e, "/v1/topics", Map.of("name", appendTopic, "partitions", 1)));
        if (createdAppend.status() != 201) {
            throw new IllegalStateException("cannot create the append topic: " + createdAppend.describe());
        }

        List<Worker> producers = new ArrayList<>();
        List<Worker> readers = new ArrayList<>();
        for (int i = 0; i < options.sdkProducers(); i++) {
            producers.add(new SdkProducerWorker("sdk-producer-" + i, history, endpoints.get(i % endpoints.size()), topic,
                    options.producerPauseMs()).start());
        }
        for (int i = 0; i < options.httpProducers(); i++) {
            producers.add(new HttpProducerWorker("http-producer-" + i, history, endpoints, topic, options.partitions(),
                    options.producerPauseMs() * 2, http, options.seed() + i).start());
        }
        for (int i = 0; i < APPEND_WRITERS; i++) {
            producers.add(new ConditionalAppendWorker("append-writer-" + i, history, endpoints, appendTopic,
                    options.producerPauseMs() * 2, http).start());
        }
        for (int i = 0; i < options.assignReaders(); i++) {
            readers.add(new AssignReaderWorker("assign-reader-" + i, history, endpoints.get((i + 1) % endpoints.size()), topic,
                    options.partitions()).start());
        }
        List<Worker> members = new ArrayList<>();
        int memberCount = 0;
        for (; memberCount < options.groupMembers(); memberCount++) {
            members.add(new GroupMemberWorker("member-" + memberCount, history, endpoints.get(memberCount % endpoints.size()),
                    topic, group).start());
        }
        Worker observer = new CommittedObserver("committed-observer", history, endpoints, List.of(group, zombies), http).start();
        Thread zombieThread = new Thread(() -> {
            ZombieMember zombie = new ZombieMember(history, http, endpoints, topic, zombies);
            for (int round = 0; round < options.zombieRounds(); round++) {
                zombie.runRound(round);
            }
        }, "zombie-rounds");
        zombieThread.setDaemon(true);
        zombieThread.start();

        cluster.storageFaults(true);
        if (nemesis != null) {
            nemesis.start(history);
        }
        long end = System.nanoTime() + options.duration().toNanos();
        long nextChurn = System.nanoTime() + options.churnEvery().toNanos();
        long nextOutage = System.nanoTime() + options.outageEvery().toNanos() / 2;
        while (System.nanoTime() < end) {
            if (!options.outageEvery().isZero() && System.nanoTime() >= nextOutage) {
                Duration outage = Duration.ofMillis(500 + random.nextInt(2500));
                history.record(s -> new Event.FaultInjected(s, "nemesis", "storage outage", outage.toMillis() + " ms"));
                cluster.storageOutage(outage);
                nextOutage = System.nanoTime() + options.outageEvery().toNanos();
            }
            if (System.nanoTime() >= nextChurn && !members.isEmpty()) {
                Worker leaving = members.remove(random.nextInt(members.size()));
                leaving.stop(30_000);
                members.add(new GroupMemberWorker("member-" + memberCount, history,
                        endpoints.get(memberCount % endpoints.size()), topic, group).start());
                memberCount++;
                nextChurn = System.nanoTime() + options.churnEvery().toNanos();
            }
            Worker.sleepQuietly(200);
        }
        if (nemesis != null) {
            nemesis.heal();
        }
        cluster.storageFaults(false);
        producers.forEach(w -> w.stop(120_000));
        try {
            zombieThread.join(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Let readers and members catch up with the last writes before they stop.
        Worker.sleepQuietly(2000);
        members.forEach(w -> w.stop(30_000));
        readers.forEach(w -> w.stop(30_000));
        observer.stop(5_000);
        FinalDrain.run(history, http, endpoints, topic, options.partitions());
        FinalDrain.run(history, http, endpoints, appendTopic, 1);

        CheckResult result = new Checker().check(history).withFaults(cluster.externalFaultCounts());
        if (options.out() != null) {
            result.writeTo(options.out(), history.events());
        }
        return result;
    }
}
