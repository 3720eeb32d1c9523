package dev.tributary.kafka.internal;

import dev.tributary.core.api.OffsetLookup;
import dev.tributary.core.error.ApiException;
import dev.tributary.functions.fetch.FetchService;
import dev.tributary.functions.security.AclOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.RequestContext;

/**
 * Fetch, ListOffsets and OffsetsForLeaderEpoch over the fetch service.
 *
 * <p>Fetch serves the stored Kafka record batches with only their base offsets rewritten.
 * Partitions are read a few at a time in parallel, each within its {@code partitionMaxBytes},
 * until {@code maxBytes} have been read; the response keeps partitions in request order while
 * the total stays within {@code maxBytes}, except that the first partition with data is always
 * included (Kafka's rule: a batch larger than the limits still makes progress). When fewer
 * than {@code minBytes} bytes are found the request waits, up to {@code maxWaitMs}, for a
 * commit on any partition that is at its high watermark, and answers as soon as one
 * arrives. Fetch sessions are not kept (session id 0: every fetch is a full fetch), which
 * keeps the gateway stateless. There are no transactions, so the last stable offset is the
 * high watermark for both isolation levels. Thread-safe.
 */
public final class FetchHandlers {
    private final FetchService fetch;
    private final Executor executor;
    private final Access access;

    public FetchHandlers(FetchService fetch, Access access, Executor executor) {
        this.fetch = fetch;
        this.access = access;
        this.executor = executor;
    }

    /** One partition of a fetch: where to read, and what was read so far. */
    private static final class Slot {
        final String topic;
        final int partition;
        final long offset;
        final int maxBytes;
        final Errors error;

        Slot(String topic, int partition, long offset, int maxBytes, Errors error) {
            this.topic = topic;
            this.partition = partition;
            this.offset = offset;
            this.maxBytes = maxBytes;
            this.error = error;
        }
    }

    /** The outcome of reading one partition: batches, or an error with the offsets it reports. */
    private record Read(FetchService.RawBatches batches, Throwable error) {
        int size() {
            return batches == null ? 0 : batches.records().remaining();
        }
    }

    /** Partitions read at once for one fetch. */
    private static final int PARALLEL_READS = 8;
    /** A partition left unread because the response was full: empty, offsets unknown (-1). */
    private static final Read NOT_READ = new Read(new FetchService.RawBatches(java.nio.ByteBuffer.allocate(0),
            FetchResponse.INVALID_HIGH_WATERMARK, FetchResponse.INVALID_LOG_START_OFFSET), null);

    public CompletableFuture<AbstractResponse> fetch(RequestContext context, AbstractRequest request) {
        FetchRequestData req = ((FetchRequest) request).data();
        short version = context.apiVersion();
        if (req.sessionId() != 0) {
            FetchResponseData data = new FetchResponseData().setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                    .setSessionId(0);
            return CompletableFuture.completedFuture(FetchResponse.of(data));
        }
        List<FetchRequestData.FetchTopic> topics = req.topics();
        List<Slot> slots = new ArrayList<>();
        for (FetchRequestData.FetchTopic t : topics) {
            String name = t.topic();
            Errors topicError = Errors.NONE;
            try {
                name = access.topic(context, t.topic(), t.topicId(), AclOperation.READ).name();
            } catch (RuntimeException e) {
                topicError = KafkaErrors.of(e);
            }
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                slots.add(new Slot(name, p.partition(), p.fetchOffset(), p.partitionMaxBytes(), topicError));
            }
        }
        AtomicReferenceArray<Read> reads = new AtomicReferenceArray<>(slots.size());
        long budget = req.maxBytes() <= 0 ? Integer.MAX_VALUE : req.maxBytes();
        return readInWaves(slots, reads, budget).thenCompose(ignored -> {
            long bytes = 0;
            List<Integer> waiting = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                Read r = reads.get(i);
                bytes += r.size();
                if (r.error() == null && r.size() == 0 && slots.get(i).offset == r.batches().highWatermark()) {
                    waiting.add(i);
                }
            }
            if (bytes >= Math.max(1, req.minBytes()) || req.maxWaitMs() <= 0 || waiting.isEmpty()) {
                return CompletableFuture.completedFuture(response(topics, slots, reads, req.maxBytes(), version));
            }
            CompletableFuture<Void> woken = new CompletableFuture<>();
            AtomicInteger pending = new AtomicInteger(waiting.size());
            LongPolls polls = new LongPolls();
            for (int i : waiting) {
                read(slots.get(i), req.maxWaitMs(), polls).thenAccept(r -> {
                    if (r.size() > 0 || r.error() != null) {
                        reads.set(i, r);
                        woken.complete(null);
                    }
                    if (pending.decrementAndGet() == 0) {
                        woken.complete(null);
                    }
                });
            }
            return woken.thenApply(x -> {
                AbstractResponse answer = response(topics, slots, reads, req.maxBytes(), version);
                polls.cancelAll();
                return answer;
            });
        });
    }

    /**
     * Reads the partitions {@link #PARALLEL_READS} at a time, in request order, and stops
     * reading once the response's byte budget is spent: a consumer of many partitions with a
     * backlog gets {@code maxBytes} read for it, not every partition's
     * {@code partitionMaxBytes}. Partitions not read are answered empty, without offsets.
     */
    private CompletableFuture<Void> readInWaves(List<Slot> slots, AtomicReferenceArray<Read> reads, long budget) {
        java.util.concurrent.atomic.AtomicLong used = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int start = 0; start < slots.size(); start += PARALLEL_READS) {
            int from = start;
            int to = Math.min(slots.size(), start + PARALLEL_READS);
            chain = chain.thenCompose(ignored -> {
                if (used.get() >= budget) {
                    for (int i = from; i < to; i++) {
                        reads.set(i, NOT_READ);
                    }
                    return CompletableFuture.completedFuture(null);
                }
                List<CompletableFuture<Void>> wave = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    int index = i;
                    wave.add(read(slots.get(i), 0, null).thenAccept(r -> {
                        reads.set(index, r);
                        used.addAndGet(r.size());
                    }));
                }
                return CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new));
            });
        }
        return chain;
    }

    /**
     * @param polls where a long poll ({@code maxWaitMs > 0}) is registered, so that it can be
     *              cancelled once the fetch is answered without it
     */
    private CompletableFuture<Read> read(Slot slot, long maxWaitMs, LongPolls polls) {
        if (slot.error != Errors.NONE) {
            return CompletableFuture.completedFuture(new Read(null, slot.error.exception()));
        }
        return CompletableFuture.supplyAsync(() -> fetch.readBatches(slot.topic, slot.partition, slot.offset,
                        Math.max(0, slot.maxBytes), maxWaitMs), executor)
                .thenCompose(f -> polls == null ? f : polls.add(f))
                .handle((batches, error) -> new Read(batches, error));
    }

    /**
     * The long polls of one fetch. Once the fetch is answered (another partition woke it), the
     * rest are cancelled: a cancelled poll never reads the partition when its commit arrives,
     * so a consumer's answered fetches do not leave reads behind that would run on every later
     * commit of their partitions until {@code maxWaitMs} is over. Thread-safe.
     */
    private static final class LongPolls {
        private final List<CompletableFuture<?>> polls = new ArrayList<>();
        private boolean cancelled;

        synchronized <T> CompletableFuture<T> add(CompletableFuture<T> poll) {
            if (cancelled) {
                poll.cancel(false);
            } else {
                polls.add(poll);
            }
            return poll;
        }

        synchronized void cancelAll() {
            cancelled = true;
            polls.forEach(p -> p.cancel(false));
            polls.clear();
        }
    }

    private static AbstractResponse response(List<FetchRequestData.FetchTopic> topics, List<Slot> slots,
                                             AtomicReferenceArray<Read> reads, int maxBytes, short version) {
        FetchResponseData data = new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0);
        long budget = maxBytes <= 0 ? Integer.MAX_VALUE : maxBytes;
        long used = 0;
        int i = 0;
        for (FetchRequestData.FetchTopic t : topics) {
            FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse();
            if (version >= 13) {
                topic.setTopicId(t.topicId());
            } else {
                topic.setTopic(t.topic());
            }
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                Read r = reads.get(i++);
                FetchResponseData.PartitionData out = new FetchResponseData.PartitionData()
                        .setPartitionIndex(p.partition())
                        .setPreferredReadReplica(-1)
                        .setAbortedTransactions(null);
                if (r.error() != null) {
                    out.setErrorCode(KafkaErrors.of(r.error()).code())
                            .setHighWatermark(FetchResponse.INVALID_HIGH_WATERMARK)
                            .setLastStableOffset(FetchResponse.INVALID_LAST_STABLE_OFFSET)
                            .setLogStartOffset(FetchResponse.INVALID_LOG_START_OFFSET)
                            .setRecords(MemoryRecords.EMPTY);
                    if (KafkaErrors.unwrap(r.error()) instanceof ApiException api) {
                        Map<String, Object> extra = api.extensions();
                        if (extra.get("latestOffset") instanceof Number hw) {
                            out.setHighWatermark(hw.longValue()).setLastStableOffset(hw.longValue());
                        }
                        if (extra.get("earliestOffset") instanceof Number start) {
                            out.setLogStartOffset(start.longValue());
                        }
                    }
                } else {
                    FetchService.RawBatches b = r.batches();
                    int size = r.size();
                    boolean fits = used == 0 || used + size <= budget;
                    out.setErrorCode(Errors.NONE.code())
                            .setHighWatermark(b.highWatermark())
                            .setLastStableOffset(b.highWatermark())
                            .setLogStartOffset(b.logStartOffset())
                            .setRecords(fits && size > 0 ? MemoryRecords.readableRecords(b.records()) : MemoryRecords.EMPTY);
                    if (fits) {
                        used += size;
                    }
                }
                topic.partitions().add(out);
            }
            data.responses().add(topic);
        }
        return FetchResponse.of(data);
    }

    public CompletableFuture<AbstractResponse> listOffsets(RequestContext context, AbstractRequest request) {
        ListOffsetsRequestData req = ((ListOffsetsRequest) request).data();
        ListOffsetsResponseData data = new ListOffsetsResponseData().setThrottleTimeMs(0);
        for (ListOffsetsRequestData.ListOffsetsTopic t : req.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse topic = new ListOffsetsResponseData.ListOffsetsTopicResponse()
                    .setName(t.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                topic.partitions().add(listOffset(context, t.name(), p));
            }
            data.topics().add(topic);
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(data));
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse listOffset(RequestContext context, String topic,
                                                                             ListOffsetsRequestData.ListOffsetsPartition p) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse out = new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                .setPartitionIndex(p.partitionIndex())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET)
                .setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH);
        long ts = p.timestamp();
        String at;
        if (ts == ListOffsetsRequest.LATEST_TIMESTAMP) {
            at = "latest";
        } else if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP || ts == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            at = "earliest";
        } else if (ts >= 0) {
            at = Long.toString(ts);
        } else {
            return out.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        }
        try {
            access.topic(context, topic, AclOperation.DESCRIBE);
            OffsetLookup found = fetch.offsetAt(topic, p.partitionIndex(), at);
            Long foundTs = found.timestamp();
            if (ts >= 0 && foundTs == null) {
                return out.setErrorCode(Errors.NONE.code());
            }
            return out.setErrorCode(Errors.NONE.code())
                    .setOffset(found.offset())
                    .setTimestamp(foundTs == null ? ListOffsetsResponse.UNKNOWN_TIMESTAMP : foundTs);
        } catch (RuntimeException e) {
            return out.setErrorCode(KafkaErrors.of(e).code());
        }
    }

    /**
     * Leadership never moves, so every epoch ends at the high watermark: a consumer that
     * validates its position after a metadata change finds nothing truncated.
     */
    public CompletableFuture<AbstractResponse> offsetsForLeaderEpoch(RequestContext context, AbstractRequest request) {
        OffsetForLeaderEpochRequestData req = ((OffsetsForLeaderEpochRequest) request).data();
        OffsetForLeaderEpochResponseData data = new OffsetForLeaderEpochResponseData().setThrottleTimeMs(0);
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : req.topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult topic =
                    new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(t.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
                OffsetForLeaderEpochResponseData.EpochEndOffset end = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                        .setPartition(p.partition())
                        .setLeaderEpoch(MetadataHandlers.LEADER_EPOCH)
                        .setEndOffset(OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH_OFFSET);
                try {
                    access.topic(context, t.topic(), AclOperation.DESCRIBE);
                    end.setErrorCode(Errors.NONE.code()).setEndOffset(fetch.offsetAt(t.topic(), p.partition(), "latest").offset());
                } catch (RuntimeException e) {
                    end.setErrorCode(KafkaErrors.of(e).code()).setLeaderEpoch(OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH);
                }
                topic.partitions().add(end);
            }
            data.topics().add(topic);
        }
        return CompletableFuture.completedFuture(new OffsetsForLeaderEpochResponse(data));
    }
}
