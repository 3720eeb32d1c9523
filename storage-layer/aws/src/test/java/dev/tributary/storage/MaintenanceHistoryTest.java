package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The maintenance history shared by all instances, on DynamoDB Local: concurrent adds all land, the newest first. */
class MaintenanceHistoryTest {
    private final MaintenanceHistory history = StorageTestSupport.storage().maintenanceHistory();

    @Test
    void instancesAddingConcurrently_allTheirRunsAreKept_newestFirst_boundedByKeep() throws Exception {
        String tag = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int instance = 0; instance < 4; instance++) {
                int i = instance;
                done.add(pool.submit(() -> {
                    for (int run = 0; run < 5; run++) {
                        assertThat(history.add(tag + "/" + i + "/" + run, 1000)).isTrue();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> mine = history.recent().stream().filter(r -> r.startsWith(tag)).toList();
        assertThat(mine).hasSize(20);
        for (int i = 0; i < 4; i++) {
            String prefix = tag + "/" + i + "/";
            List<String> ofInstance = mine.stream().filter(r -> r.startsWith(prefix)).toList();
            assertThat(ofInstance).containsExactly(prefix + 4, prefix + 3, prefix + 2, prefix + 1, prefix + 0);
        }
        history.add(tag + "/last", 3);
        assertThat(history.recent()).hasSize(3).first().isEqualTo(tag + "/last");
    }
}
