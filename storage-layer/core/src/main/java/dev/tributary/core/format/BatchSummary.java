package dev.tributary.core.format;

/**
 * What {@link RecordBatches#validate} learned about one record batch: enough for
 * the produce path to sequence it and for {@link SegmentWriter} to index it without
 * decoding it again. Immutable.
 *
 * @param recordCount      number of records, {@code > 0}
 * @param firstTimestampMs timestamp of the first record
 * @param maxTimestampMs   largest record timestamp
 * @param producerId       producer id, or -1 when the batch has no producer
 * @param producerEpoch    producer epoch, or -1
 * @param baseSequence     sequence number of the first record, or -1
 * @param sizeInBytes      size of the whole batch including its header
 * @param compression      the batch's codec
 */
public record BatchSummary(
        int recordCount,
        long firstTimestampMs,
        long maxTimestampMs,
        long producerId,
        short producerEpoch,
        int baseSequence,
        int sizeInBytes,
        Compression compression) {
}
