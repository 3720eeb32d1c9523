package dev.tributary.kafka.internal;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.CorruptSegmentException;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.functions.produce.ProduceService;
import dev.tributary.functions.produce.ProducerSequencer;
import dev.tributary.functions.security.AclOperation;
import dev.tributary.storage.ProducerStore;
import dev.tributary.storage.Topic;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestContext;

/**
 * Produce and InitProducerId over the produce service.
 *
 * <p>Each partition's records are split into their record batches and produced as they
 * are (Kafka producers write base offset 0, which is what segments store), so a batch is
 * stored byte for byte and its CRC stays the producer's. Partitions succeed or fail
 * independently, as on a Kafka broker. With {@code acks} of 1 or all the answer waits for
 * the commit; Tributary has no weaker durability to offer, so both mean "in S3 and
 * committed". Idempotent producers' ids, epochs and sequences are Tributary's own: a
 * retried batch is answered with its original offset. Thread-safe.
 */
public final class ProduceHandlers {
    private final ProduceService produce;
    private final ProducerStore producers;
    private final ProducerSequencer sequencer;
    private final Access access;

    public ProduceHandlers(ProduceService produce, ProducerStore producers, ProducerSequencer sequencer, Access access) {
        this.produce = produce;
        this.producers = producers;
        this.sequencer = sequencer;
        this.access = access;
    }

    public CompletableFuture<AbstractResponse> produce(RequestContext context, AbstractRequest request) {
        ProduceRequest produceRequest = (ProduceRequest) request;
        ProduceRequestData req = produceRequest.data();
        if (req.transactionalId() != null) {
            throw new org.apache.kafka.common.errors.TransactionalIdAuthorizationException(
                    "Transactions are not supported by this server.");
        }
        short version = context.apiVersion();
        List<CompletableFuture<ProduceResponseData.PartitionProduceResponse>> all = new ArrayList<>();
        List<ProduceResponseData.TopicProduceResponse> topicResponses = new ArrayList<>();
        List<Integer> partitionsPerTopic = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData td : req.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse();
            if (version >= 13) {
                topicResponse.setTopicId(td.topicId());
            } else {
                topicResponse.setName(td.name());
            }
            for (ProduceRequestData.PartitionProduceData pd : td.partitionData()) {
                all.add(producePartition(context, td, pd));
            }
            topicResponses.add(topicResponse);
            partitionsPerTopic.add(td.partitionData().size());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            ProduceResponseData data = new ProduceResponseData().setThrottleTimeMs(0);
            int next = 0;
            for (int t = 0; t < topicResponses.size(); t++) {
                ProduceResponseData.TopicProduceResponse topicResponse = topicResponses.get(t);
                for (int k = 0; k < partitionsPerTopic.get(t); k++) {
                    topicResponse.partitionResponses().add(all.get(next++).join());
                }
                data.responses().add(topicResponse);
            }
            return new ProduceResponse(data);
        });
    }

    private CompletableFuture<ProduceResponseData.PartitionProduceResponse> producePartition(RequestContext context,
            ProduceRequestData.TopicProduceData td, ProduceRequestData.PartitionProduceData pd) {
        int partition = pd.index();
        try {
            Topic topic = access.topic(context, td.name(), td.topicId(), AclOperation.WRITE);
            List<PartitionBatch> batches = split(partition, pd.records());
            return produce.produceBatches(topic.name(), batches)
                    .thenApply(result -> success(partition, result))
                    .exceptionally(e -> failure(partition, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(partition, e));
        }
    }

    /** The partition's records as one entry per record batch; damage found here is CORRUPT_MESSAGE. */
    static List<PartitionBatch> split(int partition, BaseRecords records) {
        if (partition < 0) {
            throw new ApiException(ErrorCode.PARTITION_NOT_FOUND, "Partition " + partition + " does not exist.");
        }
        if (!(records instanceof MemoryRecords memory) || memory.sizeInBytes() == 0) {
            throw new InvalidRecordException("The partition's record set is empty.");
        }
        ByteBuffer all = memory.buffer().duplicate();
        List<PartitionBatch> out = new ArrayList<>();
        while (all.hasRemaining()) {
            if (all.remaining() < RecordBatches.BATCH_HEADER_SIZE) {
                throw new CorruptSegmentException("Trailing " + all.remaining() + " bytes are not a record batch");
            }
            int size = RecordBatches.LOG_OVERHEAD + all.getInt(all.position() + RecordBatches.LENGTH_OFFSET);
            if (size < RecordBatches.BATCH_HEADER_SIZE || size > all.remaining()) {
                throw new CorruptSegmentException("A record batch claims " + size + " bytes; " + all.remaining()
                        + " remain in the request");
            }
            ByteBuffer batch = all.slice();
            batch.limit(size);
            out.add(new PartitionBatch(partition, batch));
            all.position(all.position() + size);
        }
        return out;
    }

    private static ProduceResponseData.PartitionProduceResponse success(int partition, Map<String, Object> result) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> batches = (List<Map<String, Object>>) result.get("batches");
        long base = ((Number) batches.get(0).get("baseOffset")).longValue();
        return new ProduceResponseData.PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(Errors.NONE.code())
                .setBaseOffset(base)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
    }

    private static ProduceResponseData.PartitionProduceResponse failure(int partition, Throwable error) {
        Errors code = KafkaErrors.of(error);
        if (code == Errors.INVALID_REQUEST) {
            // A well-formed batch Tributary does not accept (transactional, LogAppendTime,
            // unsupported codec): the record-level error, as a broker reports it.
            code = Errors.INVALID_RECORD;
        }
        return new ProduceResponseData.PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(code.code())
                .setErrorMessage(KafkaErrors.message(error))
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
    }

    /**
     * A producer id for an idempotent producer: a fresh one, or, when the producer names its
     * current id and epoch (Kafka clients do so to recover from a sequence error), the next
     * epoch of that id, which restarts its sequences and fences older epochs.
     */
    public CompletableFuture<AbstractResponse> initProducerId(RequestContext context, AbstractRequest request) {
        InitProducerIdRequestData req = ((InitProducerIdRequest) request).data();
        InitProducerIdResponseData data = new InitProducerIdResponseData().setThrottleTimeMs(0);
        if (req.transactionalId() != null) {
            return CompletableFuture.completedFuture(new InitProducerIdResponse(data
                    .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                    .setProducerId(-1).setProducerEpoch((short) -1)));
        }
        access.idempotentWrite(context);
        ProducerStore.ProducerIdentity identity = req.producerId() >= 0
                ? producers.bumpEpoch(req.producerId())
                : producers.allocate();
        sequencer.epochIssued(identity.producerId(), identity.epoch());
        return CompletableFuture.completedFuture(new InitProducerIdResponse(data
                .setProducerId(identity.producerId())
                .setProducerEpoch(identity.epoch())));
    }
}
