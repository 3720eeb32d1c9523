package dev.tributary.functions.produce;

import dev.tributary.core.api.ProduceRecord;
import dev.tributary.core.api.ProduceRequest;
import dev.tributary.core.api.ProduceResponse;
import dev.tributary.core.Partitioning;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.core.format.BatchSummary;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.DecompressionBudget;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.core.format.RecordHeader;
import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.core.wire.ProduceRequestCodec;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.Errors;
import dev.tributary.storage.Topic;
import dev.tributary.storage.log.IdempotencyKeys;
import dev.tributary.storage.log.PartitionId;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Validates produce requests (JSON and the SDK's binary form), turns them into one record
 * batch per partition and hands them to the {@link SegmentBatcher}. Every check happens
 * before anything is queued, so a bad request changes nothing. Thread-safe.
 */
@Singleton
public class ProduceService {
    private final TopicService topics;
    private final SegmentBatcher batcher;
    private final ProducerSequencer sequencer;
    private final ProduceStats stats;
    private final Clock clock;
    private final TributaryConfig.ProduceConfig config;
    private final Compression jsonCompression;
    private final Map<java.util.UUID, AtomicInteger> stickyPartition = new ConcurrentHashMap<>();

    public ProduceService(TopicService topics, SegmentBatcher batcher, ProducerSequencer sequencer, ProduceStats stats,
                          Clock clock, TributaryConfig config) {
        this.topics = topics;
        this.batcher = batcher;
        this.sequencer = sequencer;
        this.stats = stats;
        this.clock = clock;
        this.config = config.getProduce();
        this.jsonCompression = Compression.fromName(this.config.getJsonCompression());
    }

    /** A parsed JSON record before partitioning. */
    private record JsonRecord(byte[] key, byte[] value, List<RecordHeader> headers, Integer partition, long timestampMs) {
    }

    /**
     * Produces a JSON request (already checked against its constraints); the future yields
     * the offsets in request order, or fails with an {@link ApiException}. With an
     * {@code idempotencyKey}, a request whose key was already committed stores nothing and
     * yields the original offsets.
     */
    public CompletableFuture<ProduceResponse> produceJson(String topicName, ProduceRequest request, String idempotencyKey) {
        Topic topic = topics.require(topicName);
        List<JsonRecord> records = parseRecords(topic, request);
        long keyProducer = idempotencyKey == null ? -1 : IdempotencyKeys.producerIdFor(topic.topicId(), idempotencyKey);
        int[] partitionOf = new int[records.size()];
        int sticky = -1;
        Map<Integer, List<Integer>> byPartition = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            JsonRecord r = records.get(i);
            int p;
            if (r.partition() != null) {
                p = r.partition();
            } else if (r.key() != null) {
                p = Partitioning.forKey(r.key(), topic.partitions());
            } else {
                if (sticky < 0) {
                    // A retried keyed request must land where the first attempt did.
                    sticky = keyProducer >= 0 ? (int) Math.floorMod(keyProducer, (long) topic.partitions())
                            : nextStickyPartition(topic);
                }
                p = sticky;
            }
            partitionOf[i] = p;
            byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
        }
        if (partitionOf.length > 0) {
            int max = 0;
            for (int p : partitionOf) {
                max = Math.max(max, p);
            }
            if (max >= topic.partitions()) {
                topic = topics.requirePartition(topicName, max);
            }
        }
        List<SegmentBatcher.Append> appends = new ArrayList<>(byPartition.size());
        List<List<Integer>> indexes = new ArrayList<>(byPartition.size());
        long bytes = 0;
        for (Map.Entry<Integer, List<Integer>> e : byPartition.entrySet()) {
            List<RecordDraft> drafts = new ArrayList<>(e.getValue().size());
            long max = Long.MIN_VALUE;
            for (int i : e.getValue()) {
                JsonRecord r = records.get(i);
                drafts.add(new RecordDraft(r.timestampMs(), r.key(), r.value(), r.headers()));
                max = Math.max(max, r.timestampMs());
            }
            ByteBuffer batch = RecordBatches.build(drafts, jsonCompression, -1L, (short) -1, -1);
            bytes += batch.remaining();
            appends.add(new SegmentBatcher.Append(topic.topicId(), e.getKey(), batch,
                    new BatchSummary(drafts.size(), records.get(e.getValue().get(0)).timestampMs(), max, keyProducer,
                            (short) (keyProducer >= 0 ? 0 : -1), keyProducer >= 0 ? 0 : -1, batch.remaining(), jsonCompression)));
            indexes.add(e.getValue());
        }
        Map<PartitionId, Long> expected = expectedOffsets(topic, request, byPartition.keySet());
        stats.requests.increment();
        stats.records.add(records.size());
        stats.recordBytes.add(bytes);
        return batcher.submit(appends, expected).thenApply(bases -> {
            ProduceResponse.RecordOffset[] out = new ProduceResponse.RecordOffset[records.size()];
            for (int b = 0; b < bases.length; b++) {
                List<Integer> idx = indexes.get(b);
                for (int k = 0; k < idx.size(); k++) {
                    int i = idx.get(k);
                    out[i] = new ProduceResponse.RecordOffset(partitionOf[i], bases[b] + k, records.get(i).timestampMs());
                }
            }
            return new ProduceResponse(List.of(out));
        });
    }

    /**
     * Produces the binary form ({@link ProduceRequestCodec}); the future yields
     * {@code {"batches": [{"partition", "baseOffset", "recordCount", "duplicate"}]}} in request
     * order. An idempotent producer's retried batch is answered with its original offsets
     * and not written again.
     */
    public CompletableFuture<Map<String, Object>> produceBinary(String topicName, byte[] body, String expectedOffsetsHeader) {
        topics.require(topicName);
        List<PartitionBatch> entries = ProduceRequestCodec.decode(ByteBuffer.wrap(body), config.getMaxRecordsPerRequest());
        if (entries.isEmpty()) {
            throw JsonBodies.invalid("The request holds no batches.");
        }
        return produceBatches(topicName, entries, expectedOffsetsHeader);
    }

    /**
     * Produces record batches that arrive already encoded, one entry per batch (the entry
     * point of the SDK's binary form and of the Kafka protocol gateway).
     *
     * <p>Contract: each batch must be exactly one Kafka RecordBatch v2 with base offset 0,
     * CreateTime timestamps and no transactional or control flag; it is stored byte for byte.
     * Every batch is validated (CRC, structure, record sizes against the topic's
     * {@code max.message.bytes}, partition numbers) and, when it carries a producer id,
     * sequenced, before anything is queued: a refused request throws {@link ApiException}
     * (or {@link dev.tributary.core.format.CorruptSegmentException}) and stores nothing.
     * The future completes only after the commit, with
     * {@code {"batches": [{"partition", "baseOffset", "recordCount", "duplicate"}]}} in entry
     * order; an idempotent producer's retried batch is answered with its original offsets
     * ({@code duplicate: true}) and not written again. It fails with an {@link ApiException}
     * when the write or commit fails (none of the request's batches is then visible).
     *
     * @param entries at least one batch; several entries may name the same partition
     */
    public CompletableFuture<Map<String, Object>> produceBatches(String topicName, List<PartitionBatch> entries) {
        return produceBatches(topicName, entries, null);
    }

    /**
     * {@link #produceBatches(String, List)} as a conditional append: {@code expectedOffsetsHeader}
     * ({@code 0=41,3=7}, or null) names where each partition's log must end.
     */
    public CompletableFuture<Map<String, Object>> produceBatches(String topicName, List<PartitionBatch> entries,
                                                                String expectedOffsetsHeader) {
        Topic topic = topics.require(topicName);
        if (entries.isEmpty()) {
            throw JsonBodies.invalid("The request holds no batches.");
        }
        List<BatchSummary> summaries = new ArrayList<>(entries.size());
        DecompressionBudget budget = new DecompressionBudget(config.getMaxDecompressedBytes());
        long records = 0;
        for (PartitionBatch entry : entries) {
            if (entry.partition() < 0 || entry.partition() >= topic.partitions()) {
                topic = topics.requirePartition(topicName, entry.partition());
            }
            BatchSummary summary = RecordBatches.validate(entry.batch(), topic.config().maxMessageBytes(), budget);
            if (topic.config().compacts()) {
                List<dev.tributary.core.format.LogRecord> decoded = RecordBatches.decode(entry.batch(), 0, summary.recordCount());
                for (int k = 0; k < decoded.size(); k++) {
                    if (decoded.get(k).key() == null) {
                        throw keyless(topic, k).with("batchIndex", summaries.size());
                    }
                }
            }
            records += summary.recordCount();
            summaries.add(summary);
        }
        if (records > config.getMaxRecordsPerRequest()) {
            throw new ApiException(ErrorCode.REQUEST_TOO_LARGE, "The request holds " + records
                    + " records; the limit is " + config.getMaxRecordsPerRequest() + ".");
        }
        List<CompletableFuture<Long>> offsets = new ArrayList<>(entries.size());
        boolean[] duplicate = new boolean[entries.size()];
        List<SegmentBatcher.Append> toWrite = new ArrayList<>();
        List<Integer> writeIndex = new ArrayList<>();
        List<ProducerSequencer.Pending> accepted = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                PartitionBatch entry = entries.get(i);
                BatchSummary s = summaries.get(i);
                ProducerSequencer.Pending pending = null;
                if (s.producerId() >= 0) {
                    ProducerSequencer.Decision d = sequencer.check(s.producerId(), s.producerEpoch(), topic.topicId(),
                            entry.partition(), s.baseSequence(), s.recordCount());
                    if (d.isDuplicate()) {
                        duplicate[i] = true;
                        offsets.add(d.duplicateOf());
                        continue;
                    }
                    pending = d.accepted();
                    accepted.add(pending);
                }
                offsets.add(null);
                writeIndex.add(i);
                toWrite.add(new SegmentBatcher.Append(topic.topicId(), entry.partition(), entry.batch(), s, pending));
            }
            Map<PartitionId, Long> expected = ExpectedOffsets.parseHeader(expectedOffsetsHeader, topic,
                    entries.stream().map(PartitionBatch::partition).collect(java.util.stream.Collectors.toSet()));
            if (!expected.isEmpty() && toWrite.size() != entries.size()) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "A conditional append cannot carry batches that are "
                        + "already stored; send them without expected offsets to get their original offsets.");
            }
            if (!toWrite.isEmpty()) {
                CompletableFuture<long[]> written = batcher.submit(toWrite, expected);
                for (int k = 0; k < writeIndex.size(); k++) {
                    int slot = k;
                    offsets.set(writeIndex.get(k), written.thenApply(bases -> bases[slot]));
                }
            }
        } catch (RuntimeException e) {
            accepted.forEach(sequencer::abandon);
            throw e;
        }
        stats.requests.increment();
        stats.records.add(records);
        stats.recordBytes.add(entries.stream().mapToLong(e -> e.batch().remaining()).sum());
        return CompletableFuture.allOf(offsets.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Map<String, Object>> out = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("partition", entries.get(i).partition());
                m.put("baseOffset", offsets.get(i).join());
                m.put("recordCount", summaries.get(i).recordCount());
                m.put("duplicate", duplicate[i]);
                out.add(m);
            }
            return Map.of("batches", out);
        });
    }

    /** {@code expectedOffset} (one partition) or {@code expectedOffsets} (partition -> offset) of a JSON request. */
    private static Map<PartitionId, Long> expectedOffsets(Topic topic, ProduceRequest request, java.util.Set<Integer> written) {
        Long one = request.expectedOffset();
        Map<String, Long> many = request.expectedOffsets();
        if (one == null && many == null) {
            return Map.of();
        }
        if (one != null && many != null) {
            throw JsonBodies.invalid("Give either 'expectedOffset' or 'expectedOffsets', not both.");
        }
        Map<Integer, Long> byPartition = new LinkedHashMap<>();
        if (one != null) {
            if (written.size() != 1) {
                throw JsonBodies.invalid("'expectedOffset' needs every record to go to one partition; these go to "
                        + written.size() + ". Use 'expectedOffsets' with a partition -> offset object.");
            }
            byPartition.put(written.iterator().next(), one);
        } else {
            if (many.isEmpty()) {
                throw JsonBodies.invalid("'expectedOffsets' must be a non-empty object of partition -> offset.");
            }
            for (Map.Entry<String, Long> e : many.entrySet()) {
                byPartition.put(ExpectedOffsets.partition(e.getKey()), ExpectedOffsets.offset(e.getValue(),
                        "expectedOffsets." + e.getKey()));
            }
        }
        return ExpectedOffsets.resolve(byPartition, topic, written);
    }

    private int nextStickyPartition(Topic topic) {
        AtomicInteger counter = stickyPartition.computeIfAbsent(topic.topicId(),
                id -> new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16)));
        return Math.floorMod(counter.getAndIncrement(), topic.partitions());
    }

    private List<JsonRecord> parseRecords(Topic topic, ProduceRequest request) {
        boolean keyBase64 = request.base64Keys();
        boolean valueBase64 = request.base64Values();
        List<ProduceRecord> array = request.records();
        if (array.size() > config.getMaxRecordsPerRequest()) {
            throw new ApiException(ErrorCode.REQUEST_TOO_LARGE, "The request holds " + array.size()
                    + " records; the limit is " + config.getMaxRecordsPerRequest() + ".");
        }
        long now = clock.millis();
        int maxBytes = topic.config().maxMessageBytes();
        List<JsonRecord> records = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            ProduceRecord r = array.get(i);
            String where = "records[" + i + "]";
            byte[] key = bytes(r.key(), keyBase64, where + ".key");
            byte[] value = bytes(r.value(), valueBase64, where + ".value");
            List<RecordHeader> headers = headers(r.headers(), where);
            Integer partition = r.partition();
            Long timestamp = r.timestamp();
            if (partition != null && (partition < 0 || partition >= topic.partitions())) {
                Topic fresh = topics.requirePartition(topic.name(), partition);
                if (partition >= fresh.partitions()) {
                    throw Errors.partitionNotFound(topic.name(), partition, fresh.partitions());
                }
            }
            long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
            for (RecordHeader h : headers) {
                size += h.key().length() + (h.value() == null ? 0 : h.value().length);
            }
            if (size > maxBytes) {
                throw new ApiException(ErrorCode.RECORD_TOO_LARGE, where + " is " + size
                        + " bytes (key + value + headers); topic '" + topic.name() + "' allows " + maxBytes
                        + " (max.message.bytes).").with("recordIndex", i).with("maxMessageBytes", maxBytes);
            }
            if (key == null && topic.config().compacts()) {
                throw keyless(topic, i);
            }
            records.add(new JsonRecord(key, value, headers, partition, timestamp == null ? now : timestamp));
        }
        return records;
    }

    /** Kafka refuses records without a key on a compacted topic: compaction keeps the latest record per key. */
    private static ApiException keyless(Topic topic, int index) {
        return new ApiException(ErrorCode.INVALID_REQUEST, "Record " + index + " has no key, but topic '" + topic.name()
                + "' is compacted (cleanup.policy=" + topic.config().cleanupPolicy() + "): every record needs a key. "
                + "Nothing was written.").with("recordIndex", index);
    }

    private static byte[] bytes(String text, boolean base64, String where) {
        if (text == null) {
            return null;
        }
        if (!base64) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw JsonBodies.invalid(where + " is not valid base64: " + e.getMessage());
        }
    }

    private List<RecordHeader> headers(Map<String, String> node, String where) {
        if (node == null) {
            return List.of();
        }
        if (node.size() > config.getMaxHeadersPerRecord()) {
            throw JsonBodies.invalid(where + " has " + node.size() + " headers; the limit is "
                    + config.getMaxHeadersPerRecord() + ".");
        }
        List<RecordHeader> headers = new ArrayList<>(node.size());
        for (Map.Entry<String, String> h : node.entrySet()) {
            if (h.getKey().isEmpty()) {
                throw JsonBodies.invalid(where + " has a header with an empty name.");
            }
            String v = h.getValue();
            headers.add(new RecordHeader(h.getKey(), v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
