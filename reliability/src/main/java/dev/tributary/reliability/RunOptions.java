package dev.tributary.reliability;

import dev.tributary.reliability.faults.FaultPlan;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The shape of one run. Immutable.
 *
 * @param duration how long the workload runs with faults on (the final read comes after)
 * @param partitions partitions of the topic under test
 * @param sdkProducers idempotent SDK producers
 * @param httpProducers plain HTTP JSON producers
 * @param assignReaders SDK consumers reading every partition by assign
 * @param groupMembers SDK consumers in one group (one is replaced every {@code churnEvery})
 * @param churnEvery how often a group member leaves and a new one joins
 * @param zombieRounds paused-member rounds (each takes a little longer than 6 s)
 * @param storageFaults storage fault rates
 * @param outageEvery how often every storage call fails for 0.5 to 3 s (zero: never)
 * @param producerPauseMs pause between two sends of one producer
 * @param seed seed of every random choice the harness makes
 * @param out directory for the report
 */
public record RunOptions(Duration duration, int partitions, int sdkProducers, int httpProducers, int assignReaders,
                         int groupMembers, Duration churnEvery, int zombieRounds, FaultPlan storageFaults, Duration outageEvery,
                         long producerPauseMs, long seed, Path out) {

    /** The in-build run: short, every workload, every storage fault. */
    public static RunOptions quick(Path out) {
        return new RunOptions(Duration.ofSeconds(25), 4, 2, 2, 1, 2, Duration.ofSeconds(6), 1,
                FaultPlan.all(0.03, Duration.ofMillis(800)), Duration.ofSeconds(8), 10, 42, out);
    }

    public RunOptions withDuration(Duration d) {
        return copy(b -> b.duration = d);
    }

    public RunOptions withZombieRounds(int rounds) {
        return copy(b -> b.zombieRounds = rounds);
    }

    public RunOptions withStorageFaults(FaultPlan plan) {
        return copy(b -> b.storageFaults = plan);
    }

    public RunOptions withSeed(long newSeed) {
        return copy(b -> b.seed = newSeed);
    }

    public RunOptions withOutageEvery(Duration every) {
        return copy(b -> b.outageEvery = every);
    }

    public RunOptions withOut(Path dir) {
        return copy(b -> b.out = dir);
    }

    private RunOptions copy(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new RunOptions(f.duration, partitions, sdkProducers, httpProducers, assignReaders, groupMembers, churnEvery,
                f.zombieRounds, f.storageFaults, f.outageEvery, producerPauseMs, f.seed, f.out);
    }

    /** The fields the {@code with} methods change. */
    private static final class Fields {
        Duration duration;
        int zombieRounds;
        FaultPlan storageFaults;
        Duration outageEvery;
        long seed;
        Path out;

        Fields(RunOptions o) {
            duration = o.duration();
            zombieRounds = o.zombieRounds();
            storageFaults = o.storageFaults();
            outageEvery = o.outageEvery();
            seed = o.seed();
            out = o.out();
        }
    }
}
