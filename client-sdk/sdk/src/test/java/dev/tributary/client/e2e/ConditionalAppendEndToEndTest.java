package dev.tributary.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.OffsetMismatchException;
import dev.tributary.client.Serializers;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.TributaryAdmin;
import dev.tributary.client.producer.Producer;
import dev.tributary.client.producer.ProducerRecord;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.client.producer.TributaryProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Conditional append through the SDK: racing writers with one expectation, exactly one wins. */
class ConditionalAppendEndToEndTest {

    @Test
    void racingAppendsWithTheSameExpectedOffset_exactlyOneWins_theLosersLearnTheEnd() {
        String topic = "append-" + System.nanoTime();
        try (Admin admin = TributaryAdmin.builder().endpoint(LiveService.endpoint()).build()) {
            admin.createTopic(topic, 1);
        }
        List<Producer<String, String>> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            writers.add(TributaryProducer.builder().endpoint(LiveService.endpoint())
                    .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build());
        }
        try {
            List<RecordMetadata> first = writers.get(0).append(topic, 0, 0,
                    List.of(new ProducerRecord<>(topic, "k", "a"), new ProducerRecord<>(topic, "k", "b"))).join();
            assertThat(first).extracting(RecordMetadata::offset).containsExactly(0L, 1L);

            List<CompletableFuture<List<RecordMetadata>>> race = new ArrayList<>();
            for (Producer<String, String> w : writers) {
                race.add(w.append(topic, 0, 2, List.of(new ProducerRecord<>(topic, "k", "c"))));
            }
            int won = 0;
            for (CompletableFuture<List<RecordMetadata>> f : race) {
                try {
                    assertThat(f.join().get(0).offset()).isEqualTo(2);
                    won++;
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(OffsetMismatchException.class);
                    assertThat(((OffsetMismatchException) e.getCause()).latestOffset()).isEqualTo(3);
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            writers.forEach(Producer::close);
        }
    }
}
