package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbLogCommitterTest {
    private final Storage storage = StorageTestSupport.storage();
    private final DynamoDbTables tables = storage.settings().tables();

    @Test
    void commit_assignsDenseOffsetsAcrossPartitions_andWritesHeadsIndexAndReference() {
        UUID topic = UUID.randomUUID();
        LogCommitter committer = new DynamoDbLogCommitter(client(), tables, Clock.systemUTC());
        List<Long> first = committer.commit("segments/t/a.seg", 300, List.of(chunk(topic, 0, 0, 100, 5), chunk(topic, 1, 100, 200, 7)));
        List<Long> second = committer.commit("segments/t/b.seg", 100, List.of(chunk(topic, 1, 0, 100, 3)));

        assertThat(first).containsExactly(0L, 0L);
        assertThat(second).containsExactly(7L);
        assertThat(storage.partitions().head(topic, 1).nextOffset()).isEqualTo(10);
        assertThat(storage.partitions().head(topic, 0).nextOffset()).isEqualTo(5);
        BatchEntry e = storage.batchIndex().floor(topic, 1, 9).orElseThrow();
        assertThat(e.baseOffset()).isEqualTo(7);
        assertThat(e.segmentKey()).isEqualTo("segments/t/b.seg");
        assertThat(storage.batchIndex().floor(topic, 1, 6).orElseThrow().segmentKey()).isEqualTo("segments/t/a.seg");
        assertThat(storage.segmentReferences().committed(List.of("segments/t/a.seg", "segments/t/b.seg", "segments/t/none.seg")))
                .containsExactlyInAnyOrder("segments/t/a.seg", "segments/t/b.seg");
    }

    @Test
    void commit_whenHeadMovedConcurrently_retriesWithNewOffsets() {
        UUID topic = UUID.randomUUID();
        DynamoDbLogCommitter a = new DynamoDbLogCommitter(client(), tables, Clock.systemUTC());
        DynamoDbLogCommitter b = new DynamoDbLogCommitter(client(), tables, Clock.systemUTC());
        assertThat(a.commit("segments/t/1.seg", 10, List.of(chunk(topic, 0, 0, 10, 4)))).containsExactly(0L);
        // b has never seen the head; a's cache is now stale once b commits.
        assertThat(b.commit("segments/t/2.seg", 10, List.of(chunk(topic, 0, 0, 10, 6)))).containsExactly(4L);
        assertThat(a.commit("segments/t/3.seg", 10, List.of(chunk(topic, 0, 0, 10, 1)))).containsExactly(10L);
        assertThat(storage.partitions().head(topic, 0).nextOffset()).isEqualTo(11);
    }

    @Test
    void parallelCommitters_onSamePartitions_neverOverlapOrLeaveGaps() throws Exception {
        UUID topic = UUID.randomUUID();
        int writers = 6;
        int commitsEach = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        Set<String> keys = ConcurrentHashMap.newKeySet();
        List<Future<List<long[]>>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Callable<List<long[]>> job = () -> {
                DynamoDbLogCommitter committer = new DynamoDbLogCommitter(client(), tables, Clock.systemUTC());
                List<long[]> got = new ArrayList<>();
                for (int i = 0; i < commitsEach; i++) {
                    int count = 1 + (writer + i) % 5;
                    String key = "segments/par/" + writer + "-" + i + ".seg";
                    keys.add(key);
                    List<Long> bases = committer.commit(key, 100, List.of(chunk(topic, 0, 0, 50, count), chunk(topic, 1, 50, 50, count)));
                    got.add(new long[] {bases.get(0), count, bases.get(1)});
                }
                return got;
            };
            futures.add(pool.submit(job));
        }
        TreeMap<Long, Long> p0 = new TreeMap<>();
        TreeMap<Long, Long> p1 = new TreeMap<>();
        for (Future<List<long[]>> f : futures) {
            for (long[] r : f.get()) {
                assertThat(p0.put(r[0], r[1])).as("base offset handed out twice").isNull();
                assertThat(p1.put(r[2], r[1])).isNull();
            }
        }
        pool.shutdown();
        for (TreeMap<Long, Long> ranges : List.of(p0, p1)) {
            long expected = 0;
            for (var e : ranges.entrySet()) {
                assertThat(e.getKey()).as("dense offsets").isEqualTo(expected);
                expected += e.getValue();
            }
        }
        long total = p0.values().stream().mapToLong(Long::longValue).sum();
        assertThat(storage.partitions().head(topic, 0).nextOffset()).isEqualTo(total);
        assertThat(storage.partitions().head(topic, 1).nextOffset()).isEqualTo(total);
        // Every index entry is findable and points at the segment that committed it.
        for (var e : p1.entrySet()) {
            Optional<BatchEntry> entry = storage.batchIndex().floor(topic, 1, e.getKey() + e.getValue() - 1);
            assertThat(entry).isPresent();
            assertThat(entry.get().baseOffset()).isEqualTo(e.getKey());
            assertThat(keys).contains(entry.get().segmentKey());
        }
    }

    @Test
    void commit_rejectsTwoChunksForOnePartition_andTooManyChunks() {
        UUID topic = UUID.randomUUID();
        LogCommitter committer = storage.committer();
        assertThatThrownBy(() -> committer.commit("segments/x.seg", 1, List.of(chunk(topic, 0, 0, 1, 1), chunk(topic, 0, 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        List<ChunkAppend> tooMany = new ArrayList<>();
        for (int p = 0; p <= LogCommitter.MAX_CHUNKS; p++) {
            tooMany.add(chunk(topic, p, p, 1, 1));
        }
        assertThatThrownBy(() -> committer.commit("segments/y.seg", 1, tooMany)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> committer.commit("segments/z.seg", 1, Collections.emptyList())).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.partitions().head(topic, 0).exists()).isFalse();
    }

    @Test
    void commitWithMaxChunks_fitsOneTransaction() {
        UUID topic = UUID.randomUUID();
        List<ChunkAppend> chunks = new ArrayList<>();
        for (int p = 0; p < LogCommitter.MAX_CHUNKS; p++) {
            chunks.add(chunk(topic, p, p * 10L, 10, 2));
        }
        List<Long> bases = storage.committer().commit("segments/max.seg", 490, chunks);
        assertThat(bases).hasSize(LogCommitter.MAX_CHUNKS).allMatch(b -> b == 0L);
        assertThat(storage.partitions().heads(topic, LogCommitter.MAX_CHUNKS)).allMatch(h -> h.nextOffset() == 2);
    }

    static ChunkAppend chunk(UUID topic, int partition, long position, int length, int records) {
        return new ChunkAppend(topic, partition, position, length, records, 1000, 2000);
    }

    private static DynamoDbClient client() {
        var stack = dev.tributary.localstack.EmbeddedStack.shared();
        return DynamoDbClient.builder().endpointOverride(stack.dynamoDbEndpoint()).region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .build();
    }
}
