package dev.tributary.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class DefaultPartitionerTest {

    @Test
    void partition_withKey_matchesKafkaDefaultPartitioner() {
        DefaultPartitioner partitioner = new DefaultPartitioner();
        // murmur2 values pinned by Kafka's own UtilsTest.
        Map<String, Integer> murmur2 = Map.of(
                "21", -973932308,
                "foobar", -790332482,
                "a-little-bit-long-string", -985981536,
                "a-little-bit-longer-string", -1486304829,
                "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971);
        murmur2.forEach((key, hash) -> {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertThat(Utils.murmur2(bytes)).isEqualTo(hash);
            for (int n : new int[] {1, 3, 8, 12, 100}) {
                assertThat(partitioner.partition("t", bytes, n)).isEqualTo((hash & 0x7fffffff) % n);
            }
        });
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(partitioner.partition("t", bytes, 8)).isEqualTo(Utils.toPositive(Utils.murmur2(bytes)) % 8);
        }
    }

    @Test
    void partition_withoutKey_sticksUntilNewBatchThenMoves() {
        DefaultPartitioner partitioner = new DefaultPartitioner();
        int first = partitioner.partition("t", null, 8);
        for (int i = 0; i < 100; i++) {
            assertThat(partitioner.partition("t", null, 8)).isEqualTo(first);
        }
        partitioner.onNewBatch("t", first, 8);
        int second = partitioner.partition("t", null, 8);
        assertThat(second).isNotEqualTo(first).isBetween(0, 7);
    }

    @Test
    void onNewBatch_forAnotherPartition_keepsTheStickyChoice() {
        DefaultPartitioner partitioner = new DefaultPartitioner();
        int sticky = partitioner.partition("t", null, 8);
        partitioner.onNewBatch("t", (sticky + 1) % 8, 8);
        assertThat(partitioner.partition("t", null, 8)).isEqualTo(sticky);
    }
}
