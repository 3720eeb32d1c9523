package dev.tributary.benchmarks.jmh;

import dev.tributary.core.format.BatchSummary;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.core.format.Segment;
import dev.tributary.core.format.SegmentReader;
import dev.tributary.core.format.SegmentWriter;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The segment format's encode and decode paths, with Kafka's own record encoding
 * ({@link MemoryRecordsBuilder} / {@link MemoryRecords}) as the reference point. One
 * operation is one batch of {@code recordsPerBatch} records (or one segment of
 * {@value #SEGMENT_PARTITIONS} such batches), so scores compare directly; divide by the
 * record count for per-record costs.
 *
 * <p>Run: {@code java -cp benchmarks/target/tributary-benchmarks.jar org.openjdk.jmh.Main SegmentCodec}
 * (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SegmentCodecBenchmark {
    static final int SEGMENT_PARTITIONS = 8;

    @Param({"100", "1024"})
    int recordSize;

    @Param({"NONE", "ZSTD"})
    Compression compression;

    @Param({"100"})
    int recordsPerBatch;

    private List<RecordDraft> drafts;
    private ByteBuffer tributaryBatch;
    private BatchSummary summary;
    private ByteBuffer kafkaBatch;
    private byte[] segment;
    private final UUID topicId = UUID.randomUUID();

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        drafts = new ArrayList<>(recordsPerBatch);
        long now = System.currentTimeMillis();
        for (int i = 0; i < recordsPerBatch; i++) {
            byte[] key = ("key-" + i).getBytes();
            byte[] value = new byte[recordSize];
            // Half random, half repeated: compressible like typical JSON payloads, not trivially.
            for (int b = 0; b < value.length; b++) {
                value[b] = b % 2 == 0 ? (byte) random.nextInt(256) : (byte) 'a';
            }
            drafts.add(RecordDraft.of(now + i, key, value));
        }
        tributaryBatch = RecordBatches.build(drafts, compression);
        summary = RecordBatches.validate(tributaryBatch.duplicate(), Integer.MAX_VALUE);
        kafkaBatch = kafkaBuild().buffer();
        segment = writeSegment().bytes();
    }

    @Benchmark
    public ByteBuffer tributaryBuildBatch() {
        return RecordBatches.build(drafts, compression);
    }

    @Benchmark
    public MemoryRecords kafkaBuildBatch() {
        return kafkaBuild();
    }

    @Benchmark
    public BatchSummary tributaryValidateBatch() {
        return RecordBatches.validate(tributaryBatch.duplicate(), Integer.MAX_VALUE);
    }

    /** What the produce path does: {@code ProduceRequestCodec} hands batches out as read-only views. */
    @Benchmark
    public BatchSummary tributaryValidateBatchReadOnly() {
        return RecordBatches.validate(tributaryBatch.asReadOnlyBuffer(), Integer.MAX_VALUE);
    }

    @Benchmark
    public int tributaryDecodeBatch(Blackhole bh) {
        return RecordBatches.forEachRecord(tributaryBatch.duplicate(), 0, recordsPerBatch, bh::consume);
    }

    @Benchmark
    public int kafkaDecodeBatch(Blackhole bh) {
        int n = 0;
        for (RecordBatch batch : MemoryRecords.readableRecords(kafkaBatch.duplicate()).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                bh.consume(record.value());
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public Segment segmentWrite() {
        return writeSegment();
    }

    @Benchmark
    public int segmentReadAndDecode(Blackhole bh) {
        int n = 0;
        for (var chunk : SegmentReader.readIndex(segment)) {
            n += RecordBatches.forEachRecord(SegmentReader.chunk(segment, chunk), 0, chunk.recordCount(), bh::consume);
        }
        return n;
    }

    /**
     * The same work as {@link #segmentReadAndDecode} with writable chunk views instead of
     * {@link SegmentReader#chunk}'s read-only ones: Kafka's CRC-32C and record readers only
     * take their array fast path on buffers that expose their backing array.
     */
    @Benchmark
    public int segmentReadAndDecodeWritableChunks(Blackhole bh) {
        int n = 0;
        for (var chunk : SegmentReader.readIndex(segment)) {
            ByteBuffer view = ByteBuffer.wrap(segment, (int) chunk.position(), chunk.length()).slice();
            n += RecordBatches.forEachRecord(view, 0, chunk.recordCount(), bh::consume);
        }
        return n;
    }

    private Segment writeSegment() {
        SegmentWriter writer = new SegmentWriter();
        for (int p = 0; p < SEGMENT_PARTITIONS; p++) {
            writer.append(topicId, p, tributaryBatch.duplicate(), summary);
        }
        return writer.finish();
    }

    private MemoryRecords kafkaBuild() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(recordsPerBatch * (recordSize + 64)),
                compression.kafkaCompression(), TimestampType.CREATE_TIME, 0L);
        for (RecordDraft d : drafts) {
            builder.append(d.timestampMs(), d.key(), d.value());
        }
        return builder.build();
    }
}
