package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.Test;

/** AdminClient.deleteRecords through the gateway: the log start moves, consumers start there, bad offsets change nothing. */
class DeleteRecordsTest {
    @Test
    void deleteRecords_movesTheLowWatermark_andConsumersFromTheBeginningStartThere() throws Exception {
        try (Admin admin = KafkaClientsTest.admin(); KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
            String topic = KafkaClientsTest.createTopic(admin, 2);
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
            TopicPartition p0 = new TopicPartition(topic, 0);
            DeletedRecords deleted = admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(3))).lowWatermarks()
                    .get(p0).get();
            assertThat(deleted.lowWatermark()).isEqualTo(3);
            assertThat(admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).partitionResult(p0).get().offset()).isEqualTo(3);

            try (KafkaConsumer<String, String> consumer = KafkaClientsTest.consumer()) {
                consumer.assign(List.of(p0));
                consumer.seekToBeginning(List.of(p0));
                List<ConsumerRecord<String, String>> records = KafkaClientsTest.readAll(consumer, 2);
                assertThat(records).extracting(ConsumerRecord::offset).containsExactly(3L, 4L);
            }

            // Below the current start: nothing changes, the start is answered.
            assertThat(admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(1))).lowWatermarks().get(p0).get()
                    .lowWatermark()).isEqualTo(3);
            // -1: up to the high watermark; an empty partition stays at 0.
            TopicPartition p1 = new TopicPartition(topic, 1);
            assertThat(admin.deleteRecords(Map.of(p1, RecordsToDelete.beforeOffset(-1))).lowWatermarks().get(p1).get()
                    .lowWatermark()).isZero();
        }
    }

    @Test
    void deleteRecords_pastTheEnd_isRefused_andChangesNothing() throws Exception {
        try (Admin admin = KafkaClientsTest.admin(); KafkaProducer<String, String> producer = KafkaClientsTest.producer()) {
            String topic = KafkaClientsTest.createTopic(admin, 1);
            producer.send(new ProducerRecord<>(topic, 0, "k", "v")).get();
            TopicPartition p0 = new TopicPartition(topic, 0);
            assertThatThrownBy(() -> admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(2))).all().get())
                    .hasCauseInstanceOf(OffsetOutOfRangeException.class);
            assertThat(admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).partitionResult(p0).get().offset()).isZero();
            try (KafkaConsumer<String, String> consumer = KafkaClientsTest.consumer()) {
                consumer.assign(List.of(p0));
                consumer.seekToBeginning(List.of(p0));
                assertThat(KafkaClientsTest.readAll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("v");
            }
        }
    }
}
