package dev.tributary.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitioningTest {

    @Test
    void forKey_matchesPinnedKafkaPartitions() {
        // murmur2("21") = -973932308 and murmur2("foobar") = -790332482 in Kafka's own
        // tests; a change here would move every existing key to another partition.
        assertThat(Partitioning.forKey("21".getBytes(UTF_8), 1_000_000)).isEqualTo(551_340);
        assertThat(Partitioning.forKey("foobar".getBytes(UTF_8), 1_000_000)).isEqualTo(151_166);
        assertThat(Partitioning.forKey("user-42".getBytes(UTF_8), 12)).isEqualTo(4);
        assertThat(Partitioning.forKey(new byte[0], 7)).isEqualTo(2);
    }

    @Property(tries = 200)
    void forKey_agreesWithKafkasBuiltInPartitioner(@ForAll byte[] key, @ForAll @IntRange(min = 1, max = 10_000) int n) {
        assertThat(Partitioning.forKey(key, n)).isEqualTo(BuiltInPartitioner.partitionForKey(key, n));
    }

    @Test
    void forKey_rejectsNullKeyAndNonPositivePartitionCount() {
        assertThatThrownBy(() -> Partitioning.forKey(null, 3)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Partitioning.forKey(new byte[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
