package dev.tributary.client.producer.internals;

import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.producer.RecordMetadata;
import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatchBuilder;
import dev.tributary.core.format.RecordHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * Records for one partition that are sent together as one Kafka RecordBatch v2, with
 * the futures of those records.
 *
 * <p>Thread-safety: records are appended under the lock of the owning partition queue;
 * once closed the batch is handled by one request at a time, and
 * {@link #complete}/{@link #fail} complete every future exactly once (later calls are
 * ignored), in append order.
 *
 * <p>The batch is built without producer state; {@link #stamp} writes the producer id,
 * epoch and base sequence into the built bytes just before each send and recomputes the
 * CRC, so sequence numbers are only handed out in send order.
 */
public final class ProducerBatch {
    // Kafka DefaultRecordBatch field positions (see RecordBatches' field table).
    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;

    private final TopicPartition topicPartition;
    private final RecordBatchBuilder builder;
    private final long createdNanos;
    private final List<Thunk> thunks = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long reservedBytes;
    private ByteBuffer built;
    private int attempts;
    private long retryAtNanos;
    private boolean sendAlone;
    private boolean completed;

    private record Thunk(CompletableFuture<RecordMetadata> future, long timestampMs, int keySize, int valueSize) {
    }

    public ProducerBatch(TopicPartition topicPartition, Compression compression, long createdNanos) {
        this.topicPartition = topicPartition;
        this.builder = new RecordBatchBuilder(compression);
        this.createdNanos = createdNanos;
    }

    /** Appends a record; the caller holds the partition queue's lock and has checked room. */
    CompletableFuture<RecordMetadata> append(long timestampMs, byte[] key, byte[] value, List<RecordHeader> headers,
                                             long reserved) {
        builder.append(timestampMs, key, value, headers);
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        thunks.add(new Thunk(future, timestampMs, key == null ? -1 : key.length, value == null ? -1 : value.length));
        reservedBytes += reserved;
        return future;
    }

    /** Whether a record of about {@code bytes} still fits under {@code batchSizeBytes}. */
    boolean hasRoomFor(int bytes, int batchSizeBytes) {
        return thunks.isEmpty() || builder.estimatedSizeInBytes() + bytes <= batchSizeBytes;
    }

    int estimatedSizeInBytes() {
        return built != null ? built.remaining() : builder.estimatedSizeInBytes();
    }

    /** Closes the batch for appends and builds its bytes (idempotent). */
    void close() {
        if (built == null) {
            built = builder.build();
        }
    }

    boolean isClosed() {
        return built != null;
    }

    /** The built bytes; call {@link #close()} first. */
    public ByteBuffer bytes() {
        return built.duplicate();
    }

    public int sizeInBytes() {
        return built.remaining();
    }

    /** Writes producer id, epoch and base sequence into the built batch and refreshes its CRC. */
    void stamp(long producerId, short producerEpoch, int baseSequence) {
        ByteBuffer b = built;
        int start = b.position();
        b.putLong(start + PRODUCER_ID_OFFSET, producerId);
        b.putShort(start + PRODUCER_EPOCH_OFFSET, producerEpoch);
        b.putInt(start + BASE_SEQUENCE_OFFSET, baseSequence);
        CRC32C crc = new CRC32C();
        ByteBuffer covered = b.duplicate();
        covered.position(start + ATTRIBUTES_OFFSET);
        crc.update(covered);
        b.putInt(start + CRC_OFFSET, (int) crc.getValue());
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public int recordCount() {
        return thunks.size();
    }

    long createdNanos() {
        return createdNanos;
    }

    long reservedBytes() {
        return reservedBytes;
    }

    int attempts() {
        return attempts;
    }

    void beginAttempt() {
        attempts++;
    }

    long retryAtNanos() {
        return retryAtNanos;
    }

    void retryAt(long nanos) {
        this.retryAtNanos = nanos;
    }

    boolean sendAlone() {
        return sendAlone;
    }

    void sendAlone(boolean alone) {
        this.sendAlone = alone;
    }

    /** Completes when every record future has completed. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Completes every record future with its offset, counted from {@code baseOffset}. */
    synchronized boolean complete(long baseOffset) {
        if (completed) {
            return false;
        }
        completed = true;
        String topic = topicPartition.topic();
        int partition = topicPartition.partition();
        for (int i = 0; i < thunks.size(); i++) {
            Thunk t = thunks.get(i);
            t.future.complete(new RecordMetadata(topic, partition, baseOffset + i, t.timestampMs, t.keySize,
                    t.valueSize));
        }
        done.complete(null);
        return true;
    }

    /** Fails every record future with {@code error}. */
    synchronized boolean fail(TributaryException error) {
        if (completed) {
            return false;
        }
        completed = true;
        for (Thunk t : thunks) {
            t.future.completeExceptionally(error);
        }
        done.complete(null);
        return true;
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + topicPartition + ", records=" + thunks.size() + ", attempts=" + attempts + ")";
    }
}
