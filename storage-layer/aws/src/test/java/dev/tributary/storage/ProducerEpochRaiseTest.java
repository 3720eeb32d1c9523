package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.error.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link ProducerStore#raiseEpoch} on DynamoDB Local: the epoch only goes up, whoever races. */
class ProducerEpochRaiseTest {
    private final ProducerStore store = StorageTestSupport.storage().producers();

    @Test
    void raise_onlyGoesUp_andAnUnknownIdIsNotCreated() {
        long pid = store.allocate().producerId();
        assertThat(store.raiseEpoch(pid, (short) 3)).contains((short) 3);
        assertThat(store.raiseEpoch(pid, (short) 3)).as("raising to the current epoch is a no-op").contains((short) 3);
        assertThat(store.raiseEpoch(pid, (short) 2)).as("a lower epoch is told the current one").contains((short) 3);
        assertThat(store.currentEpoch(pid)).contains((short) 3);
        assertThat(store.bumpEpoch(pid).epoch()).isEqualTo((short) 4);

        assertThat(store.raiseEpoch(pid, Short.MAX_VALUE)).contains(Short.MAX_VALUE);
        assertThatThrownBy(() -> store.bumpEpoch(pid)).isInstanceOf(ApiException.class);
        assertThat(store.currentEpoch(pid)).contains(Short.MAX_VALUE);

        long unknown = 987_654_323L;
        assertThat(store.raiseEpoch(unknown, (short) 1)).isEmpty();
        assertThat(store.currentEpoch(unknown)).isEmpty();
    }

    @Test
    void racingRaises_converge_onTheHighestEpoch() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                long pid = store.allocate().producerId();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<Short>>> answers = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    short epoch = (short) (1 + w / 2); // pairs race to the same epoch
                    answers.add(pool.submit(() -> {
                        start.await();
                        return store.raiseEpoch(pid, epoch);
                    }));
                }
                start.countDown();
                for (int w = 0; w < writers; w++) {
                    short asked = (short) (1 + w / 2);
                    assertThat(answers.get(w).get()).hasValueSatisfying(e -> assertThat(e).isGreaterThanOrEqualTo(asked));
                }
                short highest = (short) (writers / 2);
                assertThat(answers.get(writers - 1).get()).contains(highest);
                assertThat(store.currentEpoch(pid)).contains(highest);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
